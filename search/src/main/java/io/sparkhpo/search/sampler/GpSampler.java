package io.sparkhpo.search.sampler;

import io.sparkhpo.search.sampler.gp.BayesOpt;
import io.sparkhpo.search.sampler.gp.Encoding;
import io.sparkhpo.search.space.SearchSpace;
import io.sparkhpo.search.trial.Direction;
import io.sparkhpo.search.trial.TrialHistory;
import io.sparkhpo.search.trial.TrialSnapshot;
import io.sparkhpo.search.trial.TrialState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Gaussian-process Bayesian optimization, after Optuna 4's {@code GPSampler}: scrambled-Sobol start-up trials; then a
 * GP with a Matérn-5/2 ARD kernel on the encoded space ({@link Encoding}), its length scales, scale and noise fitted
 * by marginal likelihood with priors, and the next point where log expected improvement is largest
 * ({@link BayesOpt}, package {@code gp}).
 *
 * <ul>
 *   <li>COMPLETE trials are the observations; PRUNED and FAILED ones are left out.</li>
 *   <li>Trials in flight (RUNNING) are "believed" (kriging believer): they join the GP at its posterior mean, with
 *       the hyperparameters fitted without them, so their variance collapses and N parallel asks go to N different
 *       points.</li>
 *   <li>Conditional parameters are not modelled: each active one is drawn independently (uniformly on its scale,
 *       as the random sampler draws it); the GP models the unconditional ones.</li>
 *   <li>Above {@code maxHistory} complete trials the GP is fitted on a subsample: the best half of that size and a
 *       seeded random draw of the rest.</li>
 * </ul>
 *
 * <p>Deterministic: every draw comes from streams seeded by {@code (seed, trial number)} and the fit starts from
 * fixed hyperparameters, so the same seed and history give the same parameters in any process.
 */
public final class GpSampler implements Sampler {

    /**
     * @param startupTrials complete trials before the GP takes over (Sobol points until then)
     * @param candidates    quasi-random points scored before the local searches
     * @param localSearches local searches from the best candidates (plus one from the best trial)
     * @param maxHistory    complete trials the GP is fitted on at most
     */
    public record Options(int startupTrials, int candidates, int localSearches, int maxHistory) {
        public Options {
            if (startupTrials < 1 || candidates < 1 || localSearches < 0 || maxHistory < 2) {
                throw new IllegalArgumentException("GpSampler.Options: startupTrials >= 1, candidates >= 1, localSearches >= 0, "
                        + "maxHistory >= 2, got " + startupTrials + ", " + candidates + ", " + localSearches + ", " + maxHistory);
            }
        }

        public static Options defaults() {
            return new Options(10, 2048, 10, 250);
        }

        public Options withStartupTrials(int n) {
            return new Options(n, candidates, localSearches, maxHistory);
        }

        public Options withMaxHistory(int n) {
            return new Options(startupTrials, candidates, localSearches, n);
        }
    }

    private final long seed;
    private final Options options;
    private final SobolSampler startup;

    public GpSampler(long seed, Options options) {
        this.seed = seed;
        this.options = options;
        this.startup = new SobolSampler(seed);
    }

    @Override
    public Map<String, Object> sample(SearchSpace space, int trialNumber, TrialHistory history) {
        Encoding enc = new Encoding(space);
        List<TrialSnapshot> complete = new ArrayList<>();
        List<TrialSnapshot> running = new ArrayList<>();
        for (TrialSnapshot t : history.trials()) {
            if (t.number() == trialNumber || !enc.covers(t.params())) {
                continue;
            }
            if (t.state() == TrialState.COMPLETE && Double.isFinite(t.value().getAsDouble())) {
                complete.add(t);
            } else if (t.state() == TrialState.RUNNING) {
                running.add(t);
            }
        }
        if (enc.dims() == 0 || complete.size() < options.startupTrials()) {
            return startup.sample(space, trialNumber, history);
        }
        double sign = history.direction() == Direction.MINIMIZE ? -1 : 1;
        complete = subsample(complete, sign, trialNumber);
        double[][] x = new double[complete.size()][];
        double[] values = new double[complete.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = enc.encode(complete.get(i).params());
            values[i] = sign * complete.get(i).value().getAsDouble();
        }
        double[][] pending = running.stream().map(t -> enc.encode(t.params())).toArray(double[][]::new);
        SobolSampler candidates = new SobolSampler(RandomSampler.mix(seed, trialNumber));
        double[] next = BayesOpt.next(x, values, pending, enc.categorical(), enc.choices(),
                i -> candidates.point(i, enc.dims()), options.candidates(), options.localSearches());
        return withConditional(space, enc.decode(next), trialNumber);
    }

    /** At most {@code maxHistory} trials: the best half of that number, then a seeded random draw of the others. */
    private List<TrialSnapshot> subsample(List<TrialSnapshot> complete, double sign, int trialNumber) {
        int limit = options.maxHistory();
        if (complete.size() <= limit) {
            return complete;
        }
        List<TrialSnapshot> sorted = new ArrayList<>(complete);
        sorted.sort(Comparator.comparingDouble((TrialSnapshot t) -> -sign * t.value().getAsDouble())
                .thenComparingInt(TrialSnapshot::number));
        List<TrialSnapshot> kept = new ArrayList<>(sorted.subList(0, limit / 2));
        List<TrialSnapshot> rest = new ArrayList<>(sorted.subList(limit / 2, sorted.size()));
        SplittableRandom rng = new SplittableRandom(RandomSampler.mix(seed, -2L - trialNumber));
        for (int i = 0; kept.size() < limit; i++) {
            int j = i + rng.nextInt(rest.size() - i);
            java.util.Collections.swap(rest, i, j);
            kept.add(rest.get(i));
        }
        kept.sort(Comparator.comparingInt(TrialSnapshot::number));
        return kept;
    }

    /** The modelled values, and each active conditional parameter drawn uniformly on its scale, in the space's order. */
    private Map<String, Object> withConditional(SearchSpace space, Map<String, Object> modelled, int trialNumber) {
        return Encoding.withUnmodelled(space, modelled, new SplittableRandom(RandomSampler.mix(seed, trialNumber)));
    }

    @Override
    public String toString() {
        return "GpSampler(seed=" + seed + ", " + options + ")";
    }
}
