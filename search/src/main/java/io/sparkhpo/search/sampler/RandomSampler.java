package io.sparkhpo.search.sampler;

import io.sparkhpo.search.space.Distribution;
import io.sparkhpo.search.space.SearchSpace;
import io.sparkhpo.search.trial.TrialHistory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Independent uniform sampling (on each parameter's own scale, see {@link Distribution#fromUnit}).
 *
 * <p>Index-addressable: trial {@code n} draws from a {@link SplittableRandom} seeded with a hash of
 * {@code (seed, n)}, so its parameters do not depend on the history, on other trials, on the order of asks,
 * or on the JVM ({@code SplittableRandom}'s algorithm is specified).
 */
public final class RandomSampler implements Sampler {

    private final long seed;

    public RandomSampler(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    @Override
    public Map<String, Object> sample(SearchSpace space, int trialNumber, TrialHistory history) {
        SplittableRandom rng = new SplittableRandom(mix(seed, trialNumber));
        Map<String, Object> params = new LinkedHashMap<>();
        for (Map.Entry<String, Distribution> e : space.params().entrySet()) {
            double u = rng.nextDouble(); // drawn for inactive parameters too: a parameter's stream position is fixed
            if (space.isActive(e.getKey(), params)) {
                params.put(e.getKey(), e.getValue().fromUnit(u));
            }
        }
        return params;
    }

    /** Stafford's mix13 of the seed and the index: nearby seeds and indices give unrelated streams. */
    static long mix(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
        return "RandomSampler(seed=" + seed + ")";
    }
}
