package io.sparkhpo.driver.runner;

import java.util.Map;

/**
 * How a trial's attempt ended on its runner.
 *
 * @param state   how the attempt ended
 * @param values  the objective's values by name (COMPLETE only; a single objective's under {@link #VALUE})
 * @param message why it was pruned or failed; null when complete
 * @param attrs   the user attributes it set
 * @param seconds the time inside the objective
 * @param steps   the last step it reported (0: none)
 */
public record Done(int trial, int attempt, State state, Map<String, Double> values, String message,
                   Map<String, Object> attrs, double seconds, int steps) {

    /**
     * How an attempt ended: as the trial does (the trials table's states), PAUSED at a PBT boundary (not over), or
     * RETRY: a failure that may pass (an I/O error), after which the trial runs again as a lost runner's does.
     */
    public enum State { COMPLETE, PRUNED, FAILED, PAUSED, RETRY }

    /** The name of a single objective's value. */
    public static final String VALUE = io.sparkhpo.driver.config.ObjectiveSweepConfig.VALUE;

    /** Attributes under this prefix are the sweep's own ({@link RunnerContext}); a user's may not use it. */
    public static final String INTERNAL = io.sparkhpo.api.Params.RESERVED_ATTR_PREFIX;

    /** The internal attribute that stops the sweep: no trial starts after this one, for the reason it holds. */
    public static final String STOP = INTERNAL + "stop";

    /** Why the sweep must stop after this attempt (a device the engine cannot use), if it must. */
    public java.util.Optional<String> stopReason() {
        return java.util.Optional.ofNullable((String) attrs.get(STOP));
    }
}
