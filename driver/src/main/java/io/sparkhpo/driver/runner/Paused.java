package io.sparkhpo.driver.runner;

import io.sparkhpo.api.TrialPruned;

/**
 * Ends a run of the objective at a PBT boundary: the trial goes on later from a checkpoint (its own, or a better
 * member's), with the parameters the driver then gives it. A {@link TrialPruned}, so an objective that lets
 * {@code TrialPruned} propagate (as it must) lets this through too.
 */
final class Paused extends TrialPruned {

    private static final long serialVersionUID = 1L;

    Paused(int step) {
        super("paused at step " + step + " (population-based training)");
    }
}
