package io.sparkhpo.search.pbt;

import io.sparkhpo.search.space.CategoricalDistribution;
import io.sparkhpo.search.space.Distribution;
import io.sparkhpo.search.space.FloatDistribution;
import io.sparkhpo.search.space.IntDistribution;
import io.sparkhpo.search.space.SearchSpace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The exploit and explore steps of population-based training. At a boundary (every {@code interval} epochs) the
 * members that have reached it are ranked by their objective there (lower is better); a member in the bottom
 * {@code quantileFraction} copies a member drawn from the top one (exploit) and explores: each mutated parameter is
 * resampled from its distribution with probability {@code resampleProbability}, otherwise multiplied by one of
 * {@code factors} drawn at random and kept inside its bounds (integers rounded). As Ray Tune, the quantile holds
 * ceil(n·fraction) members, at most half of them. The random draws of a decision depend only on the seed, the member
 * and the epoch.
 */
public final class Pbt {

    /**
     * @param population          members, at least 2
     * @param interval            epochs between boundaries, at least 1
     * @param quantileFraction    the share of members in the bottom (and top) quantile, in (0, 0.5]
     * @param resampleProbability the chance a mutated parameter is drawn anew rather than perturbed, in [0, 1]
     * @param factors             what a perturbed value is multiplied by, one drawn at random
     * @param mutations           the space's parameters that mutate; the others stay as each member drew them
     * @param synchronous         whether a boundary waits for every member (generations) or decides as each arrives
     * @param exploit             false turns exploit and explore off (the same population, trained independently)
     * @param pb2                 explore with PB2's GP bandit ({@link #decide(int, int, Map, Map, List)}) instead of
     *                            perturbing or resampling
     */
    public record Settings(int population, int interval, double quantileFraction, double resampleProbability,
                           List<Double> factors, List<String> mutations, boolean synchronous, boolean exploit, long seed,
                           boolean pb2) {

        public Settings(int population, int interval, double quantileFraction, double resampleProbability,
                        List<Double> factors, List<String> mutations, boolean synchronous, boolean exploit, long seed) {
            this(population, interval, quantileFraction, resampleProbability, factors, mutations, synchronous, exploit, seed, false);
        }

        public Settings {
            if (population < 2) {
                throw new IllegalArgumentException("population must be at least 2, got " + population);
            }
            if (interval < 1) {
                throw new IllegalArgumentException("perturbation_interval must be at least 1 epoch, got " + interval);
            }
            if (!(quantileFraction > 0 && quantileFraction <= 0.5)) {
                throw new IllegalArgumentException("quantile_fraction must be in (0, 0.5], got " + quantileFraction);
            }
            if (!(resampleProbability >= 0 && resampleProbability <= 1)) {
                throw new IllegalArgumentException("resample_probability must be in [0, 1], got " + resampleProbability);
            }
            if (factors.isEmpty() || factors.stream().anyMatch(f -> !(f > 0) || Double.isInfinite(f))) {
                throw new IllegalArgumentException("perturbation_factors must be positive numbers, got " + factors);
            }
            if (mutations.isEmpty()) {
                throw new IllegalArgumentException("mutations must name at least one parameter of the space");
            }
            factors = List.copyOf(factors);
            mutations = List.copyOf(mutations);
        }
    }

    /** A member's exploit of another at a boundary, with the mutated values before (its own) and after (explored). */
    public record Exploit(int target, int source, int epoch, Map<String, Object> before, Map<String, Object> after) {
    }

    private final Settings settings;
    private final SearchSpace space;

    /** @throws IllegalArgumentException when a mutation is not a numeric parameter of the space, naming it */
    public Pbt(Settings settings, SearchSpace space) {
        for (String m : settings.mutations()) {
            if (!space.names().contains(m)) {
                throw new IllegalArgumentException("mutations: '" + m + "' is not a parameter of the space " + space.names());
            }
            if (space.get(m) instanceof CategoricalDistribution) {
                throw new IllegalArgumentException("mutations: '" + m + "' is categorical: perturbation_factors "
                        + "multiply numbers; mutate numeric parameters only");
            }
        }
        this.settings = settings;
        this.space = space;
    }

    public Settings settings() {
        return settings;
    }

    /** The members in the bottom and top quantiles of {@code scores} (lower is better), ties broken by member number. */
    public record Quantiles(List<Integer> bottom, List<Integer> top) {
    }

    public Quantiles quantiles(Map<Integer, Double> scores) {
        List<Integer> ranked = new ArrayList<>(scores.keySet());
        ranked.sort(Comparator.<Integer>comparingDouble(m -> finite(scores.get(m))).thenComparing(m -> m));
        int k = (int) Math.ceil(ranked.size() * settings.quantileFraction());
        k = Math.min(k, ranked.size() / 2);
        return new Quantiles(List.copyOf(ranked.subList(ranked.size() - k, ranked.size())), List.copyOf(ranked.subList(0, k)));
    }

    /**
     * What {@code member} does at the boundary {@code epoch}: exploit a top member and explore, or carry on (empty).
     *
     * @param scores the objective at {@code epoch} of every member that has reached it, {@code member} included
     * @param params each member's parameters in force before the boundary
     */
    public Optional<Exploit> decide(int member, int epoch, Map<Integer, Double> scores, Map<Integer, Map<String, Object>> params) {
        return decide(member, epoch, scores, params, List.of());
    }

    /**
     * One finished segment, as PB2 models it: the epoch it ended at, the parameters it trained with, and how much the
     * objective improved over it (the value at its start minus the value at its end).
     */
    public record Observation(int epoch, Map<String, Object> params, double improvement) {
    }

    /** The candidates PB2 scores for each explore step. */
    static final int PB2_CANDIDATES = 512;
    /** PB2's exploration weight: UCB = mean + kappa · sd. */
    static final double PB2_KAPPA = 2.0;

    /**
     * As {@link #decide(int, int, Map, Map)}; with {@link Settings#pb2} the explored values are PB2's (Parker-Holder
     * et al. 2020): a Gaussian process fitted on {@code history} (inputs: the segment's end epoch over the last one,
     * and the mutated parameters on the unit scale of their space entries; output: the improvement) chooses, among
     * {@link #PB2_CANDIDATES} seeded draws and the source's own values, the values with the largest upper confidence
     * bound at the next segment's end. The kernel is the search library's Matérn 5/2 with time as one more input, not
     * the paper's time-varying kernel. With fewer than 3 observations it perturbs as PBT does.
     */
    public Optional<Exploit> decide(int member, int epoch, Map<Integer, Double> scores, Map<Integer, Map<String, Object>> params,
                                    List<Observation> history) {
        if (!settings.exploit() || scores.size() < 2 || !scores.containsKey(member)) {
            return Optional.empty();
        }
        Quantiles q = quantiles(scores);
        if (!q.bottom().contains(member) || q.top().isEmpty()) {
            return Optional.empty();
        }
        SplittableRandom rng = new SplittableRandom(settings.seed() * 1_000_003L + member * 7_919L + epoch);
        int source = q.top().get(rng.nextInt(q.top().size()));
        Map<String, Object> before = new LinkedHashMap<>();
        Map<String, Object> after = new LinkedHashMap<>();
        for (String m : settings.mutations()) {
            before.put(m, params.get(member).get(m));
            after.put(m, explore(space.get(m), params.get(source).get(m), rng));
        }
        if (settings.pb2() && history.size() >= 3) {
            after = pb2(epoch + settings.interval(), params.get(source), history, rng);
        }
        return Optional.of(new Exploit(member, source, epoch, before, after));
    }

    private Map<String, Object> pb2(int nextEpoch, Map<String, Object> source, List<Observation> history, SplittableRandom rng) {
        List<String> names = settings.mutations();
        double horizon = history.stream().mapToInt(Observation::epoch).max().orElse(1);
        horizon = Math.max(horizon, nextEpoch);
        double[][] x = new double[history.size()][];
        double[] y = new double[history.size()];
        for (int i = 0; i < history.size(); i++) {
            x[i] = point(history.get(i).epoch() / horizon, history.get(i).params(), names);
            y[i] = history.get(i).improvement();
        }
        double[][] candidates = new double[PB2_CANDIDATES + 1][];
        candidates[0] = point(nextEpoch / horizon, source, names);
        for (int c = 1; c <= PB2_CANDIDATES; c++) {
            double[] p = new double[names.size() + 1];
            p[0] = nextEpoch / horizon;
            for (int d = 1; d < p.length; d++) {
                p[d] = rng.nextDouble();
            }
            candidates[c] = p;
        }
        double[] chosen = candidates[io.sparkhpo.search.sampler.gp.BayesOpt.ucbArgmax(x, y, candidates, PB2_KAPPA)];
        Map<String, Object> out = new LinkedHashMap<>();
        for (int d = 0; d < names.size(); d++) {
            Distribution dist = space.get(names.get(d));
            out.put(names.get(d), chosen == candidates[0] ? source.get(names.get(d)) : dist.fromUnit(Math.min(chosen[d + 1], 1 - 1e-12)));
        }
        return out;
    }

    private double[] point(double time, Map<String, Object> params, List<String> names) {
        double[] p = new double[names.size() + 1];
        p[0] = time;
        for (int d = 0; d < names.size(); d++) {
            p[d + 1] = space.get(names.get(d)).toUnit(params.get(names.get(d)));
        }
        return p;
    }

    /** The source's value resampled or perturbed by a factor, within the distribution's bounds. */
    Object explore(Distribution d, Object value, SplittableRandom rng) {
        boolean resample = rng.nextDouble() < settings.resampleProbability();
        double factor = settings.factors().get(rng.nextInt(settings.factors().size()));
        double u = rng.nextDouble();
        if (resample || !(value instanceof Number)) {
            return d.fromUnit(u);
        }
        double v = ((Number) value).doubleValue() * factor;
        if (d instanceof FloatDistribution f) {
            return f.snap(Math.max(f.low(), Math.min(f.high(), v)));
        }
        IntDistribution i = (IntDistribution) d;
        long r = Math.round(v);
        if (r == ((Number) value).longValue()) { // a small integer a factor cannot move: one step its way
            r += factor > 1 ? i.step() : factor < 1 ? -i.step() : 0;
        }
        return Math.max(i.low(), Math.min(i.high(), r));
    }

    private static double finite(Double v) {
        return v == null || Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
    }
}
