package io.sparkhpo.executors.train;

import io.sparkhpo.executors.train.StepProfile.Phase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StepProfileTest {

    /** Each lap adds the time since the previous one to its phase; OFF records nothing. */
    @Test
    void lapsAddUpToTheStep() throws InterruptedException {
        StepProfile p = new StepProfile();
        long start = System.nanoTime();
        p.start();
        Thread.sleep(20);
        p.lap(Phase.FORWARD);
        Thread.sleep(10);
        p.lap(Phase.UPDATE);
        p.lap(Phase.UPDATE);
        double total = (System.nanoTime() - start) / 1e9;
        assertTrue(p.seconds(Phase.FORWARD) >= 0.020, "forward " + p.seconds(Phase.FORWARD));
        assertTrue(p.seconds(Phase.UPDATE) >= 0.010, "update " + p.seconds(Phase.UPDATE));
        assertTrue(p.seconds(Phase.FORWARD) + p.seconds(Phase.UPDATE) <= total);
        assertEquals(0, p.seconds(Phase.BACKWARD));
        StepProfile.OFF.start();
        StepProfile.OFF.lap(Phase.FORWARD);
        assertEquals(0, StepProfile.OFF.seconds(Phase.FORWARD));
    }
}
