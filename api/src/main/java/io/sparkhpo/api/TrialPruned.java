package io.sparkhpo.api;

/**
 * Thrown by {@link TrialContext#report} when the study's pruner stops the trial (as Optuna's {@code TrialPruned}).
 * Let it propagate out of {@code evaluate}: the trial is recorded PRUNED at the step it reached. An objective may
 * also throw it itself to stop early.
 */
public class TrialPruned extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TrialPruned(String message) {
        super(message);
    }
}
