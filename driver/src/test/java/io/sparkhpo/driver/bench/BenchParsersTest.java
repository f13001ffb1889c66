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
        String log = "sparkhpo: trial 3 COMPLETE ...\nsparkhpo: sweep took 84.2 s: 12 trials, 6.50 s each on average; "
                + "dispatch overhead 143.0 ms per trial (2.20% of trial time)\n";
        ClusterScaling.Row r = ClusterScaling.summary(4, log).orElseThrow();
        assertEquals(new ClusterScaling.Row(4, 84.2, 12, 6.5, 143, 2.20), r);
        assertTrue(ClusterScaling.summary(4, "sparkhpo: no Spark jobs ran").isEmpty());
    }

    /** SAM rows are compared with PyTorch's SAM, and the cost is each engine's plain throughput over its SAM one. */
    @Test
    void samRowsAndTheirCost() {
        Benchmark.Config c = new Benchmark.Config(16, 128);
        List<Benchmark.Measurement> ms = List.of(new Benchmark.Measurement("pytorch", c, 400, 1000, null),
                new Benchmark.Measurement("pytorch sam", c, 200, 1000, null),
                new Benchmark.Measurement("djl", c, 300, 900, null),
                new Benchmark.Measurement("djl sam", c, 100, 900, null),
                Benchmark.Measurement.failed("dl4j sam", c, "out of memory"));
        String table = Benchmark.table(ms);
        assertTrue(table.matches("(?s).*djl sam\\s+100\\.0\\s+0\\.50x.*"), "against PyTorch's SAM: " + table);
        assertTrue(table.matches("(?s).*djl\\s+300\\.0\\s+0\\.75x.*"), "against PyTorch's AdamW: " + table);
        String cost = Benchmark.samCost(ms);
        assertTrue(cost.contains("pytorch        a SAM(AdamW) step takes 2.00x an AdamW step"), cost);
        assertTrue(cost.contains("djl            a SAM(AdamW) step takes 3.00x an AdamW step"), cost);
        assertTrue(!cost.contains("dl4j"), "a failed measurement has no cost line: " + cost);
        assertEquals("", Benchmark.samCost(ms.subList(0, 1)));
    }
}
