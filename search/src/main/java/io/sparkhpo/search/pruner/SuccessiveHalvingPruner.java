package io.sparkhpo.search.pruner;

import io.sparkhpo.search.trial.Direction;
import io.sparkhpo.search.trial.TrialHistory;
import io.sparkhpo.search.trial.TrialSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Asynchronous successive halving (ASHA; Li et al. 2018), as Optuna's {@code SuccessiveHalvingPruner}. Rung
 * {@code k} sits at step {@code minResource * reductionFactor^(minEarlyStoppingRate + k)}. A trial that reaches a
 * rung continues only if its value there is in the top {@code 1/reductionFactor} of every value recorded at that
 * rung so far, by any trial in any state (its own included): no waiting for a full rung, so parallel trials never
 * block each other.
 *
 * <p>A trial's value at a rung is its intermediate value at the first step it reported at or after the rung's
 * step, so the rungs are rebuilt from the history alone. A rung is judged once, at the report that reaches it
 * (the caller asks after each report); a promoted trial is not demoted later by better newcomers.
 *
 * @param minResource          steps before the first rung, {@code >= 1}
 * @param reductionFactor      η, {@code >= 2}: 1/η of a rung is promoted
 * @param minEarlyStoppingRate s, {@code >= 0}: shifts the first rung to {@code minResource * η^s}
 */
public record SuccessiveHalvingPruner(int minResource, int reductionFactor, int minEarlyStoppingRate) implements Pruner {

    public SuccessiveHalvingPruner {
        if (minResource < 1 || reductionFactor < 2 || minEarlyStoppingRate < 0) {
            throw new IllegalArgumentException("SuccessiveHalvingPruner: minResource must be >= 1, reductionFactor >= 2 and "
                    + "minEarlyStoppingRate >= 0, got " + minResource + ", " + reductionFactor + ", " + minEarlyStoppingRate);
        }
    }

    /** Optuna's defaults with an explicit minimum resource: η = 4, s = 0. */
    public static SuccessiveHalvingPruner of(int minResource) {
        return new SuccessiveHalvingPruner(minResource, 4, 0);
    }

    @Override
    public boolean prune(TrialHistory history, TrialSnapshot trial) {
        return prune(history, trial, n -> true);
    }

    /** Pruning among the trials {@code peers} accepts only (a Hyperband bracket). */
    boolean prune(TrialHistory history, TrialSnapshot trial, IntPredicate peers) {
        if (trial.intermediate().isEmpty()) {
            return false;
        }
        int step = trial.intermediate().lastKey();
        Integer before = trial.intermediate().lowerKey(step);
        for (int rung = 0; ; rung++) {
            long rungStep = rungStep(rung);
            if (step < rungStep) {
                return false;
            }
            if (before != null && rungStep <= before) {
                continue; // judged when the trial reported that earlier step (Optuna keeps it in a completed-rung attribute)
            }
            double value = valueAt(trial, rungStep);
            if (Double.isNaN(value)) {
                return true;
            }
            List<Double> competing = new ArrayList<>();
            for (TrialSnapshot t : history.trials()) {
                if (t.number() != trial.number() && peers.test(t.number())) {
                    double v = valueAt(t, rungStep);
                    if (!Double.isNaN(v)) {
                        competing.add(v);
                    }
                }
            }
            competing.add(value);
            if (!promotable(value, competing, history.direction())) {
                return true;
            }
        }
    }

    long rungStep(int rung) {
        long s = minResource;
        for (int i = 0; i < minEarlyStoppingRate + rung; i++) {
            s = Math.multiplyExact(s, reductionFactor);
        }
        return s;
    }

    /** The value at the first reported step at or after {@code step}; NaN if none (also for a reported NaN). */
    private static double valueAt(TrialSnapshot t, long step) {
        Map.Entry<Integer, Double> e = t.intermediate().ceilingEntry((int) Math.min(Integer.MAX_VALUE, step));
        return e == null ? Double.NaN : e.getValue();
    }

    /** Optuna's {@code _is_trial_promotable_to_next_rung}: in the top {@code max(1, n / η)} of the rung. */
    private boolean promotable(double value, List<Double> competing, Direction direction) {
        int k = Math.max(0, competing.size() / reductionFactor - 1);
        List<Double> sorted = new ArrayList<>(competing);
        sorted.sort(null);
        if (direction == Direction.MAXIMIZE) {
            return value >= sorted.get(sorted.size() - 1 - k);
        }
        return value <= sorted.get(k);
    }
}
