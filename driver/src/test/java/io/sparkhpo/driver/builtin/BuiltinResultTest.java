package io.sparkhpo.driver.builtin;

import io.sparkhpo.executors.train.EpochMetrics;
import io.sparkhpo.executors.train.Evaluation;
import io.sparkhpo.executors.train.RunState;
import io.sparkhpo.executors.train.TrialResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A built-in trial's result crosses from its runner to the driver whole: every epoch's metrics (a non-finite one as
 * it was), the SWA evaluation, the state and message; each epoch's report carries the finite metrics only, and reads
 * back with the others as NaN.
 */
class BuiltinResultTest {

    private static final EpochMetrics E0 = new EpochMetrics(0, 0.1, 1e-4, 2.3, 0.9, Double.POSITIVE_INFINITY, 0.88, 1.5,
            3.0, 4.2);
    private static final EpochMetrics E1 = new EpochMetrics(1, 0.05, 1e-4, 1.9, 0.7, 1.8, 0.61, Double.NaN, 2.0, 4.0);

    @Test
    void aResultRoundTripsWithItsNonFiniteMetricsAndSwa() {
        TrialResult r = new TrialResult(3, RunState.COMPLETE, List.of(E0, E1), null, 9.5, 11_173_962L,
                new Evaluation(1.7, 0.6, 100));
        TrialResult back = BuiltinResult.read(3, BuiltinResult.write(r));
        assertEquals(r, back);
        TrialResult diverged = TrialResult.of(4, RunState.DIVERGED, List.of(E0), "loss became NaN at epoch 2", 1.0, 7);
        assertEquals(diverged, BuiltinResult.read(4, BuiltinResult.write(diverged)));
    }

    @Test
    void aReportCarriesTheFiniteMetricsAndReadsBackAsTheEpoch() {
        Map<String, Double> m = BuiltinResult.metrics(E0);
        assertFalse(m.containsKey("test_loss"), "a report takes finite values only: " + m);
        assertEquals(0.88, m.get("test_error"));
        EpochMetrics back = BuiltinResult.epoch(1, m);
        assertEquals(new EpochMetrics(0, 0.1, 1e-4, 2.3, 0.9, Double.NaN, 0.88, 1.5, 3.0, 4.2), back);
    }
}
