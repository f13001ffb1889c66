package io.sparkhpo.api;

import java.util.Map;

/**
 * An objective of several values, by name (the names of {@code search.objectives}, each with its direction): a
 * study of several objectives keeps the Pareto front. Otherwise as {@link Objective}: the same context, the same
 * outcomes; a value missing, extra or not finite makes the trial FAILED, naming it.
 */
@FunctionalInterface
public interface MultiObjective {

    /**
     * @return every objective's value, by the name the sweep gives it
     * @throws Exception anything: the trial is FAILED with its message
     */
    Map<String, Double> evaluate(TrialContext trial) throws Exception;
}
