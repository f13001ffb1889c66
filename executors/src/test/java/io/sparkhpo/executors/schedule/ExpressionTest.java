package io.sparkhpo.executors.schedule;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpressionTest {

    static double eval(String e, double t) {
        return Expression.parse(e).applyAsDouble(t);
    }

    @Test
    void arithmeticFollowsUsualPrecedence() {
        assertEquals(7, eval("1 + 2 * 3", 0));
        assertEquals(9, eval("(1 + 2) * 3", 0));
        assertEquals(512, eval("2 ^ 3 ^ 2", 0), "power is right-associative");
        assertEquals(-4, eval("-2 ^ 2", 0), "unary minus binds looser than power");
        assertEquals(0.95 * 0.95 * 0.95, eval("0.95^t", 3), 1e-15);
        assertEquals(1e-3, eval("1e-3", 0));
        assertEquals(1, eval("7 % 3", 0));
    }

    @Test
    void functionsComparisonsAndPiecewise() {
        assertEquals(Math.cos(Math.PI / 4), eval("cos(pi * t / 4)", 1), 1e-15);
        assertEquals(2, eval("max(1, t, 0.5)", 2));
        assertEquals(1, eval("t < 5", 4));
        assertEquals(0, eval("t >= 5", 4));
        assertEquals(0.1, eval("if(t < 5, 1, 0.1)", 5));
        assertEquals(1.0, eval("piecewise(t, 30, 1.0, 60, 0.1, 0.01)", 29));
        assertEquals(0.1, eval("piecewise(t, 30, 1.0, 60, 0.1, 0.01)", 30));
        assertEquals(0.01, eval("piecewise(t, 30, 1.0, 60, 0.1, 0.01)", 100));
        assertEquals(0.3, eval("min((t + 1) / 10, sqrt(10 / (t + 1)))", 2), 1e-15);
        assertEquals(Math.sqrt(10.0 / 20), eval("min((t + 1) / 10, sqrt(10 / (t + 1)))", 19), 1e-15);
    }

    /** Nothing but the grammar: names, calls and stray characters are errors with a position. */
    @Test
    void anythingElseIsRejected() {
        for (String bad : new String[]{"", "t +", "(t", "epoch * 2", "System.exit(1)", "t; 1", "exp(1, 2)",
                "if(t, 1)", "piecewise(t, 1, 2)", "2 ** 3", "1..2", "t t"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Expression.parse(bad), bad);
            assertTrue(e.getMessage().contains("position"), e.getMessage());
        }
    }
}
