package io.sparkhpo.driver.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the benchmarks read from their subprocesses: Optuna's script and a sweep's log. */
class BenchParsersTest {

    @Test
    void optunaTracesOnePerRunLine() {
        List<double[]> t = SamplerBenchmark.traces(List.of("[W 2026-12-01] some optuna warning",
                "{\"seed\": 0, \"best\": [3.5, 1.25, 0.5]}", "{\"seed\": 1, \"best\": [2.0,1e-3]}"));
        assertEquals(2, t.size());
        assertArrayEquals(new double[]{3.5, 1.25, 0.5}, t.get(0));
        assertArrayEquals(new double[]{2.0, 1e-3}, t.get(1));
        assertTrue(SamplerBenchmark.traces(List.of("Traceback (most recent call last):")).isEmpty());
    }

    @Test
    void optunaAskTimeIsTheMedianOfTheLastLineInMilliseconds() {
        assertEquals(2.0, SamplerBenchmark.medianAskMillis(List.of("{\"seconds\": [0.003, 0.001, 0.002]}")), 1e-12);
        assertTrue(Double.isNaN(SamplerBenchmark.medianAskMillis(List.of("ImportError: optuna"))));
        assertTrue(Double.isNaN(SamplerBenchmark.medianAskMillis(List.of())));
    }

    @Test
    void theSweepsDispatchSummaryBecomesARow() {
        String log = "sparkhpo: trial 3 COMPLETE ...\nsparkhpo: sweep took 84.2 s: 12 Spark jobs, 6.5 s each on average; "
                + "dispatch overhead 143 ms per job (2.20% of job time)\n";
        ClusterScaling.Row r = ClusterScaling.summary(4, log).orElseThrow();
        assertEquals(new ClusterScaling.Row(4, 84.2, 12, 6.5, 143, 2.20), r);
        assertTrue(ClusterScaling.summary(4, "sparkhpo: no Spark jobs ran").isEmpty());
    }
}
