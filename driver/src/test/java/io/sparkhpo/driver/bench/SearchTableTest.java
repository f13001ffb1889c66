package io.sparkhpo.driver.bench;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SearchTableTest {

    private static double[] range(int from, int n) {
        return IntStream.range(from, from + n).mapToDouble(i -> i).toArray();
    }

    @Test
    void oneSidedMannWhitneyPointsTheRightWay() {
        double[] low = range(0, 20);
        double[] high = range(15, 20);
        assertTrue(SearchTable.pLower(low, high) < 0.01, "clearly lower");
        assertTrue(SearchTable.pLower(high, low) > 0.99, "clearly higher");
        double p = SearchTable.pLower(range(0, 20), range(0, 20));
        assertTrue(p > 0.4 && p < 0.6, "identical samples: " + p);
    }

    @Test
    void verdicts() {
        double[] better = range(0, 20);
        double[] worse = range(30, 20);
        double[] similar = range(1, 20);
        assertEquals("better", SearchTable.verdict(true, false, better, worse, SearchTable.pLower(better, worse)));
        assertEquals("WORSE", SearchTable.verdict(true, false, worse, better, SearchTable.pLower(worse, better)));
        assertEquals("ok", SearchTable.verdict(true, false, similar, better, SearchTable.pLower(similar, better)));
        assertEquals("WORSE", SearchTable.verdict(true, true, worse, better, Double.NaN), "the same sampler: by quartiles");
        assertEquals("same", SearchTable.verdict(false, true, similar, better, Double.NaN));
        assertEquals("n/a", SearchTable.verdict(true, false, null, better, Double.NaN));
    }

    @Test
    void quartilesInterpolateAsNumpy() {
        assertEquals(2.0, SearchTable.quartiles(new double[]{4, 1, 3, 2, 0})[0]);
        assertEquals(1.0, SearchTable.quartiles(new double[]{4, 1, 3, 2, 0})[1]);
        assertEquals(0.75, SearchTable.quartiles(new double[]{0, 1, 2, 3})[1], 1e-12);
    }
}
