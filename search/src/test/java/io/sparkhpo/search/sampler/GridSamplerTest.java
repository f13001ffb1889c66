package io.sparkhpo.search.sampler;

import io.sparkhpo.search.space.SearchSpace;
import io.sparkhpo.search.trial.TrialHistory;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GridSamplerTest extends SamplerContract {

    @Override
    Sampler newSampler(long seed) {
        return GridSampler.fromSpace(SPACE, Map.of("lr", 5, "momentum", 3, "batch_size", 2));
    }

    @Override
    boolean seedMatters() {
        return false;
    }

    @Override
    Sampler newConditionalSampler(long seed) {
        return GridSampler.fromSpace(CONDITIONAL, java.util.Map.of("lr", 4, "momentum", 3, "nu1", 3, "width", 3));
    }

    /** Inactive parameters are dropped and the duplicates they would make removed: 36 + 12 + 36 points. */
    @Test
    void conditionalGridVisitsEachActiveCombinationOnce() {
        GridSampler g = (GridSampler) newConditionalSampler(0);
        assertEquals(84, g.capacity(CONDITIONAL).getAsLong());
        java.util.Set<java.util.Map<String, Object>> seen = new java.util.HashSet<>();
        for (int n = 0; n < 84; n++) {
            seen.add(g.sample(CONDITIONAL, n, TrialHistory.empty()));
        }
        assertEquals(84, seen.size());
    }

    @Test
    void visitsEveryPointOnceLastParameterFastest() {
        SearchSpace space = SearchSpace.builder()
                .addCategorical("opt", "adam", "adamw")
                .addFloat("lr", 1e-4, 1e-2, true)
                .build();
        GridSampler grid = GridSampler.fromSpace(space, Map.of("lr", 3));
        assertEquals(6, grid.size());
        Set<Map<String, Object>> seen = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            seen.add(grid.sample(space, i, TrialHistory.empty()));
        }
        assertEquals(6, seen.size());
        assertEquals(Map.of("opt", "adam", "lr", 1e-4), grid.sample(space, 0, TrialHistory.empty()));
        assertEquals(Map.of("opt", "adam", "lr", 1e-2), grid.sample(space, 2, TrialHistory.empty()));
        assertEquals("adamw", grid.sample(space, 3, TrialHistory.empty()).get("opt"));
        assertThrows(IllegalStateException.class, () -> grid.sample(space, 6, TrialHistory.empty()));
    }

    /** Log grids are geometric, as the AdamW paper's log2 grids: 2^-3 .. 2^1 in 5 points is 2^-3, 2^-2, ..., 2^1. */
    @Test
    void logGridIsGeometric() {
        List<Object> values = SearchSpace.builder().addFloat("wd", 0.125, 2.0, true).build().get("wd").grid(5);
        double[] expected = {0.125, 0.25, 0.5, 1.0, 2.0};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], (Double) values.get(i), 1e-12);
        }
    }

    @Test
    void gridMustMatchSpace() {
        SearchSpace space = SearchSpace.builder().addFloat("lr", 1e-4, 1e-2, true).build();
        GridSampler grid = new GridSampler(Map.of("momentum", List.of(0.9)));
        assertThrows(IllegalArgumentException.class, () -> grid.sample(space, 0, TrialHistory.empty()));
    }
}
