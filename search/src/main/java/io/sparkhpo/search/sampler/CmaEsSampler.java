package io.sparkhpo.search.sampler;

import io.sparkhpo.search.space.CategoricalDistribution;
import io.sparkhpo.search.space.Distribution;
import io.sparkhpo.search.space.SearchSpace;
import io.sparkhpo.search.space.Transform;
import io.sparkhpo.search.trial.Direction;
import io.sparkhpo.search.trial.TrialHistory;
import io.sparkhpo.search.trial.TrialSnapshot;
import io.sparkhpo.search.trial.TrialState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * CMA-ES (Hansen's (μ/μ_w, λ)-CMA-ES with rank-one and active rank-μ updates and cumulative step-size adaptation, as
 * the {@code cmaes} library behind Optuna's {@code CmaEsSampler}) over
 * the unconditional numeric parameters, mapped to the unit cube by {@link Distribution#toUnit}. Categorical and
 * conditional parameters are drawn at random, as Optuna's {@code CmaEsSampler} does with its independent sampler.
 *
 * <p>Stateless between asks: trial {@code n} belongs to generation {@code n / λ}, and the search distribution of a
 * generation is rebuilt by replaying the updates of the earlier generations from the history (each from its
 * COMPLETE trials; a generation with fewer than two is skipped). The trial's draw comes from a stream seeded by
 * {@code (seed, n)}. With trials told in order, a resumed study therefore asks exactly what the uninterrupted one
 * would; with parallel trials, a generation asked before the previous one finished uses what had finished.
 */
public final class CmaEsSampler implements Sampler {

    private final long seed;
    private final RandomSampler fallback;
    private final double sigma0;

    /** Starts at the centre of the space with σ = 1/6 of the narrowest range (Optuna's default). */
    public CmaEsSampler(long seed) {
        this(seed, 1.0 / 6);
    }

    public CmaEsSampler(long seed, double sigma0) {
        if (!(sigma0 > 0 && sigma0 <= 1)) {
            throw new IllegalArgumentException("CmaEsSampler.sigma0 must be in (0, 1], got " + sigma0);
        }
        this.seed = seed;
        this.sigma0 = sigma0;
        this.fallback = new RandomSampler(seed);
    }

    /** λ = 4 + floor(3 ln d). */
    static int populationSize(int d) {
        return 4 + (int) Math.floor(3 * Math.log(Math.max(1, d)));
    }

    @Override
    public Map<String, Object> sample(SearchSpace space, int trialNumber, TrialHistory history) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, Distribution> e : space.params().entrySet()) {
            if (!(e.getValue() instanceof CategoricalDistribution) && !space.conditions().containsKey(e.getKey())) {
                names.add(e.getKey());
            }
        }
        Map<String, Object> random = fallback.sample(space, trialNumber, history);
        if (names.isEmpty()) {
            return random;
        }
        int d = names.size();
        int lambda = populationSize(d);
        double[] range = new double[d];
        double minRange = Double.POSITIVE_INFINITY;
        for (int i = 0; i < d; i++) {
            range[i] = internalRange(space.get(names.get(i)));
            minRange = Math.min(minRange, range[i]);
        }
        double[] scale = new double[d];
        for (int i = 0; i < d; i++) {
            scale[i] = range[i] > 0 ? minRange / range[i] : 1;
        }
        CmaEsState state = new CmaEsState(d, sigma0, scale);
        int generation = trialNumber / lambda;
        for (int g = 0; g < generation; g++) {
            state.update(generationTrials(history, names, space, g, lambda), g);
        }
        double[] x = state.draw(new SplittableRandom(RandomSampler.mix(seed ^ 0xC3AL, trialNumber)));
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> chosen = new LinkedHashMap<>();
        for (int i = 0; i < d; i++) {
            chosen.put(names.get(i), space.get(names.get(i)).fromUnit(Math.min(x[i], Math.nextDown(1.0))));
        }
        for (String name : space.names()) {
            if (chosen.containsKey(name)) {
                out.put(name, chosen.get(name));
            } else if (space.isActive(name, out) && random.containsKey(name)) {
                out.put(name, random.get(name));
            } else if (space.isActive(name, out)) {
                out.put(name, space.get(name).fromUnit(0.5));
            }
        }
        return out;
    }

    /**
     * A parameter's range on the scale Optuna's CMA-ES searches ({@link Transform}: log for log ranges; integers and
     * steps widened by half a step each side): Optuna starts with σ = min(range) / 6 on those scales, so in our unit
     * cube a dimension's initial spread is min(range) / its range, times σ0.
     */
    static double internalRange(Distribution d) {
        return Transform.of(d).range();
    }

    /** Generation {@code g}'s COMPLETE trials as unit-cube points, best first. */
    private static List<double[]> generationTrials(TrialHistory history, List<String> names, SearchSpace space, int g, int lambda) {
        double sign = history.direction() == Direction.MINIMIZE ? 1 : -1;
        List<TrialSnapshot> done = new ArrayList<>();
        for (TrialSnapshot t : history.trials()) {
            if (t.number() >= 0 && t.number() / lambda == g && t.state() == TrialState.COMPLETE && t.params().keySet().containsAll(names)) {
                done.add(t);
            }
        }
        done.sort(Comparator.<TrialSnapshot>comparingDouble(t -> sign * t.value().getAsDouble()).thenComparingInt(TrialSnapshot::number));
        List<double[]> points = new ArrayList<>();
        for (TrialSnapshot t : done) {
            double[] x = new double[names.size()];
            for (int i = 0; i < x.length; i++) {
                Distribution dist = space.get(names.get(i));
                Object v = t.params().get(names.get(i));
                if (!dist.contains(v)) {
                    x = null;
                    break;
                }
                x[i] = dist.toUnit(v);
            }
            if (x != null) {
                points.add(x);
            }
        }
        return points;
    }

    @Override
    public String toString() {
        return "CmaEsSampler(seed=" + seed + ", sigma0=" + sigma0 + ")";
    }
}
