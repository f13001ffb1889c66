package io.sparkhpo.search.sampler;

import io.sparkhpo.search.space.Distribution;
import io.sparkhpo.search.space.SearchSpace;
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
 * The Tree-structured Parzen Estimator (Bergstra et al. 2011), following Optuna 3.1's {@code TPESampler}: after
 * {@code startupTrials} finished trials drawn at random, the finished trials are split into the best
 * {@code γ(n) = min(ceil(0.1 n), 25)} ("below") and the rest ("above"); a Parzen estimator is fitted to each
 * (older trials weighted down past 25), {@code eiCandidates} points are drawn from the "below" density l, and the one
 * with the largest {@code l(x) / g(x)} is chosen.
 *
 * <ul>
 *   <li>COMPLETE trials rank by value, PRUNED ones after them (the further they got, the better, then by their
 *       last intermediate value); FAILED ones are ignored.</li>
 *   <li>{@code multivariate}: the parameters every trial has (the unconditional ones) are modelled jointly; the
 *       conditional ones, as in univariate mode, one at a time from the trials that have them.</li>
 *   <li>{@code constantLiar}: RUNNING trials count as the worst ("above"), so parallel asks spread out instead of
 *       collapsing onto one promising point.</li>
 *   <li>Several objectives (MOTPE): the split and the below trials' weights are {@link MultiObjectiveSplit}'s;
 *       PRUNED trials are not used (a multi-objective study has no pruner).</li>
 * </ul>
 *
 * <p>Deterministic: trial {@code n}'s draws come from a stream seeded by {@code (seed, n)}, and the fit depends on
 * the history alone, so the same seed and history give the same parameters in any process.
 */
public final class TpeSampler implements Sampler {

    /** TPE's settings; {@link #defaults()} are Optuna 3.1's. */
    public record Options(int startupTrials, int eiCandidates, boolean multivariate, boolean constantLiar,
                          double priorWeight) {
        public Options {
            if (startupTrials < 0 || eiCandidates < 1 || !(priorWeight > 0)) {
                throw new IllegalArgumentException("TpeSampler.Options: startupTrials must be >= 0, eiCandidates >= 1 and "
                        + "priorWeight > 0, got " + startupTrials + ", " + eiCandidates + ", " + priorWeight);
            }
        }

        public static Options defaults() {
            return new Options(10, 24, false, false, 1.0);
        }

        public Options withMultivariate(boolean m) {
            return new Options(startupTrials, eiCandidates, m, constantLiar, priorWeight);
        }

        public Options withConstantLiar(boolean c) {
            return new Options(startupTrials, eiCandidates, multivariate, c, priorWeight);
        }

        public Options withStartupTrials(int n) {
            return new Options(n, eiCandidates, multivariate, constantLiar, priorWeight);
        }
    }

    private final long seed;
    private final Options options;
    private final RandomSampler startup;

    public TpeSampler(long seed) {
        this(seed, Options.defaults());
    }

    public TpeSampler(long seed, Options options) {
        this.seed = seed;
        this.options = options;
        this.startup = new RandomSampler(seed);
    }

    public Options options() {
        return options;
    }

    /** Optuna's {@code default_gamma}. */
    static int gamma(int n) {
        return Math.min((int) Math.ceil(0.1 * n), 25);
    }

    @Override
    public Map<String, Object> sample(SearchSpace space, int trialNumber, TrialHistory history) {
        List<TrialSnapshot> trials = history.trials();
        long finished = trials.stream().filter(t -> t.state() == TrialState.COMPLETE || t.state() == TrialState.PRUNED).count();
        if (finished < options.startupTrials() || finished == 0) {
            return startup.sample(space, trialNumber, history);
        }
        SplittableRandom rng = new SplittableRandom(RandomSampler.mix(seed ^ 0x7E5L, trialNumber));
        List<TrialSnapshot> below;
        List<TrialSnapshot> above;
        Map<Integer, Double> belowWeights = null;
        if (history.directions().size() > 1) {
            MultiObjectiveSplit split = MultiObjectiveSplit.of(trials.stream().filter(t -> t.state() == TrialState.COMPLETE
                    && t.number() != trialNumber).toList(), history.directions(), gamma((int) finished));
            below = split.below();
            above = new ArrayList<>(split.above());
            if (options.constantLiar()) {
                trials.stream().filter(t -> t.state() == TrialState.RUNNING && t.number() != trialNumber).forEach(above::add);
            }
            above = byNumber(above);
            belowWeights = split.weights();
        } else {
            List<TrialSnapshot> ranked = rank(trials, history.direction(), trialNumber);
            int nBelow = Math.min(ranked.size(), gamma((int) finished)); // running trials (constant liar) do not count in γ
            below = byNumber(ranked.subList(0, nBelow));
            above = byNumber(ranked.subList(nBelow, ranked.size()));
        }

        Map<String, Object> params = new LinkedHashMap<>();
        List<String> joint = new ArrayList<>();
        if (options.multivariate()) {
            for (String name : space.names()) {
                if (!space.conditions().containsKey(name)) {
                    joint.add(name);
                }
            }
            if (!joint.isEmpty()) {
                Map<String, Object> chosen = sampleGroup(space, joint, below, above, belowWeights, rng, true);
                for (String name : space.names()) { // keep the space's order
                    if (chosen.containsKey(name)) {
                        params.put(name, chosen.get(name));
                    }
                }
            }
        }
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (String name : space.names()) {
            if (params.containsKey(name)) {
                ordered.put(name, params.get(name));
            } else if (space.isActive(name, ordered)) {
                ordered.put(name, sampleGroup(space, List.of(name), below, above, belowWeights, rng, false).get(name));
            }
        }
        return ordered;
    }

    /** Best first: COMPLETE by value, then PRUNED (deepest first), then, with the constant liar, RUNNING ones. */
    private List<TrialSnapshot> rank(List<TrialSnapshot> trials, Direction direction, int asking) {
        double sign = direction == Direction.MINIMIZE ? 1 : -1;
        List<TrialSnapshot> complete = new ArrayList<>();
        List<TrialSnapshot> pruned = new ArrayList<>();
        List<TrialSnapshot> running = new ArrayList<>();
        for (TrialSnapshot t : trials) {
            if (t.number() == asking) {
                continue;
            }
            switch (t.state()) {
                case COMPLETE -> complete.add(t);
                case PRUNED -> pruned.add(t);
                case RUNNING -> {
                    if (options.constantLiar()) {
                        running.add(t);
                    }
                }
                default -> {
                }
            }
        }
        complete.sort(Comparator.<TrialSnapshot>comparingDouble(t -> sign * t.value().getAsDouble())
                .thenComparingInt(TrialSnapshot::number));
        pruned.sort(Comparator.<TrialSnapshot>comparingInt(t -> -t.lastStep().orElse(-1))
                .thenComparingDouble(t -> t.intermediate().isEmpty() ? Double.POSITIVE_INFINITY
                        : sign * nanToWorst(t.intermediate().lastEntry().getValue()))
                .thenComparingInt(TrialSnapshot::number));
        List<TrialSnapshot> out = new ArrayList<>(complete);
        out.addAll(pruned);
        out.addAll(running);
        return out;
    }

    private static double nanToWorst(double v) {
        return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
    }

    private static List<TrialSnapshot> byNumber(List<TrialSnapshot> trials) {
        List<TrialSnapshot> out = new ArrayList<>(trials);
        out.sort(Comparator.comparingInt(TrialSnapshot::number));
        return out;
    }

    /** @param belowWeights the below trials' weights by number (multi-objective); null: the default ramp */
    private Map<String, Object> sampleGroup(SearchSpace space, List<String> names, List<TrialSnapshot> below,
                                            List<TrialSnapshot> above, Map<Integer, Double> belowWeights,
                                            SplittableRandom rng, boolean multivariate) {
        List<Distribution> dists = names.stream().map(space::get).toList();
        io.sparkhpo.search.space.Transform[] scales = ParzenEstimator.scales(dists);
        ParzenEstimator l = estimator(scales, names, below, belowWeights, multivariate);
        ParzenEstimator g = estimator(scales, names, above, null, multivariate);
        double[][] candidates = l.sample(rng, options.eiCandidates());
        double[] logL = l.logPdf(candidates);
        double[] logG = g.logPdf(candidates);
        int best = 0;
        for (int i = 1; i < candidates.length; i++) {
            if (logL[i] - logG[i] > logL[best] - logG[best]) {
                best = i;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (int p = 0; p < names.size(); p++) {
            out.put(names.get(p), scales[p].fromScale(candidates[best][p]));
        }
        return out;
    }

    private ParzenEstimator estimator(io.sparkhpo.search.space.Transform[] scales, List<String> names, List<TrialSnapshot> group,
                                      Map<Integer, Double> weights, boolean multivariate) {
        List<double[]> obs = new ArrayList<>();
        List<Double> w = new ArrayList<>();
        outer:
        for (TrialSnapshot t : group) {
            double[] x = new double[names.size()];
            for (int p = 0; p < names.size(); p++) {
                Object v = t.params().get(names.get(p));
                if (v == null || !scales[p].dist().contains(v)) {
                    continue outer; // the trial lacks this parameter (conditional) or has a value outside today's range
                }
                x[p] = scales[p].toScale(v);
            }
            obs.add(x);
            w.add(weights == null ? 0 : weights.get(t.number()));
        }
        double[][] points = obs.toArray(new double[0][]);
        return new ParzenEstimator(scales, points, weights == null ? ParzenEstimator.defaultWeights(points.length)
                : w.stream().mapToDouble(Double::doubleValue).toArray(), multivariate, options.priorWeight());
    }

    @Override
    public String toString() {
        return "TpeSampler(seed=" + seed + ", " + options + ")";
    }
}
