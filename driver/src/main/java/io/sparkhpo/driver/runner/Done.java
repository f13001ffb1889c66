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

    /** The name of a single objective's value. */
    /** How an attempt ended: as the trial does (the trials table's states), or PAUSED at a PBT boundary (not over). */
    public enum State { COMPLETE, PRUNED, FAILED, PAUSED }

    public static final String VALUE = io.sparkhpo.driver.config.ObjectiveSweepConfig.VALUE;
}
