package io.sparkhpo.search.sampler;

import io.sparkhpo.search.space.SearchSpace;
import io.sparkhpo.search.trial.TrialHistory;
import io.sparkhpo.search.trial.TrialSnapshot;
import io.sparkhpo.search.trial.TrialState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * BOHB's model on multi-fidelity trials (Falkner, Klein and Hutter 2018): a model-based sampler fitted at the largest
 * budget that enough trials reached, with the values they reported there. A pruner such as Hyperband records each
 * trial's value at every step (epochs trained); trials it stopped early still count at the budgets they reached, so
 * the model learns from the cheap low-budget runs until the expensive ones are numerous enough.
 *
 * <p>At budget {@code b} every trial that reported a value at step {@code b} is shown to the model as COMPLETE with
 * that value (whether it went on, was pruned or is still running); trials still running below {@code b} stay
 * RUNNING (so constant-liar and kriging-believer parallel asks still spread); failed ones are left out. Until some
 * budget has {@code minPoints} values, or with probability {@code randomFraction} (BOHB's ρ, which keeps exploring),
 * the trial is drawn by {@code fallback}.
 *
 * <p>{@code search.sampler = bohb} is {@link KdeRatioSampler} (HpBandSter's good/bad product-kernel densities) with
 * ρ = 1/3, at least {@code 2 (d + 1)} values for {@code d} parameters (HpBandSter's {@code min_points_in_model = d + 1}
 * for each of its good and bad sets), and random draws before that. TPE and GP with Hyperband pruning are wrapped the
 * same way with ρ = 0 and their own start-up.
 */
public final class BohbSampler implements Sampler {

    /** BOHB's default fraction of random draws. */
    public static final double RANDOM_FRACTION = 1.0 / 3;

    private final long seed;
    private final Sampler model;
    private final Sampler fallback;
    private final double randomFraction;
    private final int minPoints;

    /**
     * @param model          fitted at the chosen budget
     * @param fallback       draws before any budget has enough values, and the random fraction
     * @param randomFraction ρ in [0, 1)
     * @param minPoints      values a budget needs, at least 1; {@code <= 0}: {@code 2 (d + 1)}
     */
    public BohbSampler(long seed, Sampler model, Sampler fallback, double randomFraction, int minPoints) {
        if (!(randomFraction >= 0 && randomFraction < 1)) {
            throw new IllegalArgumentException("BohbSampler: randomFraction must be in [0, 1), got " + randomFraction);
        }
        this.seed = seed;
        this.model = model;
        this.fallback = fallback;
        this.randomFraction = randomFraction;
        this.minPoints = minPoints;
    }

    /** {@code search.sampler = bohb}: BOHB's density-ratio model at the largest budget, ρ = 1/3, random draws until then. */
    public static BohbSampler bohb(long seed) {
        return new BohbSampler(seed, new KdeRatioSampler(seed), new RandomSampler(seed), RANDOM_FRACTION, 0);
    }

    /** {@code sampler} fitted at the largest budget with at least {@code minPoints} values (itself until then). */
    public static BohbSampler atLargestBudget(long seed, Sampler sampler, int minPoints) {
        return new BohbSampler(seed, sampler, sampler, 0, minPoints);
    }

    @Override
    public Map<String, Object> sample(SearchSpace space, int trialNumber, TrialHistory history) {
        int need = minPoints > 0 ? minPoints : 2 * (space.names().size() + 1);
        Optional<TrialHistory> atBudget = largestBudget(history, need).map(b -> at(history, b));
        boolean explore = randomFraction > 0
                && new SplittableRandom(RandomSampler.mix(seed ^ 0xB0B8L, trialNumber)).nextDouble() < randomFraction;
        if (atBudget.isEmpty() || explore) {
            return fallback.sample(space, trialNumber, history);
        }
        return model.sample(space, trialNumber, atBudget.get());
    }

    /** The largest step at which at least {@code minPoints} trials reported a value, if any. */
    public static Optional<Integer> largestBudget(TrialHistory history, int minPoints) {
        TreeMap<Integer, Integer> counts = new TreeMap<>();
        for (TrialSnapshot t : history.trials()) {
            if (t.state() != TrialState.FAILED) {
                t.intermediate().keySet().forEach(step -> counts.merge(step, 1, Integer::sum));
            }
        }
        return counts.descendingMap().entrySet().stream().filter(e -> e.getValue() >= minPoints).map(Map.Entry::getKey)
                .findFirst();
    }

    /**
     * The history as the model sees it at {@code budget} (see the class comment); a non-finite value there (a
     * diverged trial) counts as the worst finite one, as BOHB counts it as bad.
     */
    static TrialHistory at(TrialHistory history, int budget) {
        double sign = history.direction() == io.sparkhpo.search.trial.Direction.MINIMIZE ? 1 : -1;
        double worst = history.trials().stream().map(t -> t.intermediate().get(budget))
                .filter(v -> v != null && Double.isFinite(v)).mapToDouble(v -> sign * v).max().orElse(0) * sign;
        List<TrialSnapshot> out = new ArrayList<>();
        for (TrialSnapshot t : history.trials()) {
            Double v = t.intermediate().get(budget);
            if (v != null && t.state() != TrialState.FAILED) {
                out.add(new TrialSnapshot(t.number(), TrialState.COMPLETE, t.params(),
                        OptionalDouble.of(Double.isFinite(v) ? v : worst), Optional.empty(), t.intermediate().headMap(budget, true)));
            } else if (t.state() == TrialState.RUNNING) {
                out.add(t);
            }
        }
        return TrialHistory.of(out, history.direction());
    }
}
