package io.sparkhpo.driver.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The benchmark's problems on their Pareto fronts, and its reading of Optuna's lines. */
class MultiObjectiveBenchmarkTest {

    @Test
    void problemsAreOnTheirKnownFronts() {
        double[] x = new double[30];
        x[0] = 0.25; // every other variable 0: g = 1, on the front
        assertEquals(List.of(0.25, 0.5), MultiObjectiveBenchmark.Problem.ZDT1.values(x));
        assertEquals(List.of(0.25, 1 - 0.0625), MultiObjectiveBenchmark.Problem.ZDT2.values(x));
        double[] y = new double[12];
        java.util.Arrays.fill(y, 0.5); // g = 0: on the unit sphere
        double sq = MultiObjectiveBenchmark.Problem.DTLZ2.values(y).stream().mapToDouble(v -> v * v).sum();
        assertEquals(1.0, sq, 1e-12);
    }

    @Test
    void readsOptunasValuesAndMeasuresTheirHypervolume() {
        List<List<Double>> v = MultiObjectiveBenchmark.parse("{\"seed\": 3, \"values\": [[1, 2.5], [2.0, 1]]}");
        assertEquals(List.of(List.of(1.0, 2.5), List.of(2.0, 1.0)), v);
        assertEquals((3 - 1) * (3 - 2.5) + (3 - 2) * (2.5 - 1), MultiObjectiveBenchmark.hypervolume(v, 2, new double[]{3, 3}), 1e-12);
        assertEquals(1.0, MultiObjectiveBenchmark.hypervolume(v, 1, new double[]{3, 3}), 1e-12, "the first trial only");
    }
}
