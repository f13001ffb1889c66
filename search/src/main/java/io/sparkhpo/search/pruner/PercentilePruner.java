package io.sparkhpo.search.pruner;

import io.sparkhpo.search.trial.Direction;
import io.sparkhpo.search.trial.TrialHistory;
import io.sparkhpo.search.trial.TrialSnapshot;
import io.sparkhpo.search.trial.TrialState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Prunes a trial whose best intermediate value so far is worse than the {@code percentile}-th best of the
 * COMPLETE trials' values at the same step (Optuna's {@code PercentilePruner}; {@link #median} is its
 * {@code MedianPruner}). A NaN intermediate value prunes.
 *
 * @param percentile    in [0, 100]: 50 keeps the better half, 25 the best quarter
 * @param startupTrials no pruning until this many trials completed
 * @param warmupSteps   no pruning of a trial before this step
 * @param intervalSteps judge only at steps {@code warmupSteps + k * intervalSteps}
 * @param minTrials     no pruning at a step fewer than this many completed trials reported
 */
public record PercentilePruner(double percentile, int startupTrials, int warmupSteps, int intervalSteps, int minTrials)
        implements Pruner {

    public PercentilePruner {
        if (!(percentile >= 0 && percentile <= 100)) {
            throw new IllegalArgumentException("PercentilePruner.percentile must be in [0, 100], got " + percentile);
        }
        if (startupTrials < 0 || warmupSteps < 0 || intervalSteps < 1 || minTrials < 1) {
            throw new IllegalArgumentException("PercentilePruner: startupTrials and warmupSteps must be >= 0, intervalSteps and "
                    + "minTrials >= 1, got " + startupTrials + ", " + warmupSteps + ", " + intervalSteps + ", " + minTrials);
        }
    }

    /** Optuna's {@code MedianPruner} defaults: 5 startup trials, no warm-up, every step, one trial at the step. */
    public static PercentilePruner median() {
        return new PercentilePruner(50, 5, 0, 1, 1);
    }

    @Override
    public boolean prune(TrialHistory history, TrialSnapshot trial) {
        if (trial.intermediate().isEmpty()) {
            return false;
        }
        List<TrialSnapshot> completed = history.trials().stream().filter(t -> t.state() == TrialState.COMPLETE).toList();
        if (completed.isEmpty() || completed.size() < startupTrials) {
            return false;
        }
        int step = trial.intermediate().lastKey();
        if (step < warmupSteps || !firstInInterval(trial, step)) {
            return false;
        }
        Direction direction = history.direction();
        double best = direction == Direction.MINIMIZE ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        for (double v : trial.intermediate().values()) {
            if (Double.isNaN(v)) {
                return true;
            }
            best = direction == Direction.MINIMIZE ? Math.min(best, v) : Math.max(best, v);
        }
        List<Double> atStep = new ArrayList<>();
        for (TrialSnapshot t : completed) {
            Double v = t.intermediate().get(step);
            if (v != null && !v.isNaN()) {
                atStep.add(v);
            }
        }
        if (atStep.size() < minTrials || atStep.isEmpty()) {
            return false;
        }
        double p = percentileOf(atStep, direction == Direction.MINIMIZE ? percentile : 100 - percentile);
        return direction == Direction.MINIMIZE ? best > p : best < p;
    }

    /** Whether {@code step} is the first reported step of its interval (Optuna's {@code _is_first_in_interval_step}). */
    private boolean firstInInterval(TrialSnapshot trial, int step) {
        int nearest = step - (step - warmupSteps) % intervalSteps;
        Integer previous = trial.intermediate().lowerKey(step);
        return previous == null || previous < nearest;
    }

    /** numpy's default (linear) percentile. */
    static double percentileOf(List<Double> values, double q) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        double pos = q / 100.0 * (v.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(v.length - 1, lo + 1);
        return v[lo] + (pos - lo) * (v[hi] - v[lo]);
    }
}
