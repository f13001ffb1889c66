package io.sparkhpo.search.sampler;

import io.sparkhpo.search.space.SearchSpace;
import io.sparkhpo.search.trial.TrialHistory;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomSamplerTest extends SamplerContract {

    @Override
    Sampler newSampler(long seed) {
        return new RandomSampler(seed);
    }

    /** log=true must be uniform in log(value): each decade of [1e-5, 1e-1] gets about a quarter of the draws. */
    @Test
    void logScaleIsUniformInLog() {
        SearchSpace space = SearchSpace.builder().addFloat("lr", 1e-5, 1e-1, true).build();
        RandomSampler sampler = new RandomSampler(42);
        int n = 20_000;
        int[] decades = new int[4];
        for (int i = 0; i < n; i++) {
            double lr = (Double) sampler.sample(space, i, TrialHistory.empty()).get("lr");
            decades[Math.min(3, (int) Math.floor(Math.log10(lr) + 5))]++;
        }
        for (int count : decades) {
            assertEquals(0.25, count / (double) n, 0.015, java.util.Arrays.toString(decades));
        }
    }

    @Test
    void categoricalChoicesAreEquallyLikely() {
        SearchSpace space = SearchSpace.builder().addCategorical("opt", "a", "b", "c").build();
        RandomSampler sampler = new RandomSampler(7);
        int a = 0;
        int n = 9_000;
        for (int i = 0; i < n; i++) {
            if ("a".equals(sampler.sample(space, i, TrialHistory.empty()).get("opt"))) {
                a++;
            }
        }
        assertTrue(Math.abs(a / (double) n - 1.0 / 3) < 0.02, "share of 'a': " + a / (double) n);
    }
}
