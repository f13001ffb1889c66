package io.sparkhpo.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One trial as its objective sees it. Valid during {@link Objective#evaluate} only, and used from the thread that
 * called it.
 *
 * <p>Parameters: the names are the sweep's {@code space} keys (and its fixed values). The typed getters throw
 * {@link IllegalArgumentException} naming the parameter for a name the trial does not have (a conditional
 * parameter whose condition did not hold, or a typo) and for a value of another type. Floats are doubles;
 * integers are longs ({@link #getInt} checks the range); categorical values keep their type from the config
 * (strings, numbers or booleans).
 */
public interface TrialContext {

    /** The study's name. */
    String study();

    /** The trial's number in its study, from 0. */
    int number();

    /** A seed for the trial's own randomness: the study's seed and the trial number, the same on every attempt. */
    long seed();

    /** 0 on the trial's first run; n after n lost executors (each retry continues from {@link #restoreCheckpoint}). */
    int attempt();

    /** Every parameter of the trial, by name (unmodifiable). */
    Map<String, Object> params();

    default double getDouble(String name) {
        return Params.getDouble(params(), name);
    }

    default long getLong(String name) {
        return Params.getLong(params(), name);
    }

    default int getInt(String name) {
        return Params.getInt(params(), name);
    }

    default String getString(String name) {
        return Params.getString(params(), name);
    }

    default boolean getBoolean(String name) {
        return Params.getBoolean(params(), name);
    }

    /**
     * Reports the objective's value at a step (an epoch, say) with other metrics: the row lands in the epochs table
     * (its {@code metrics} column), the study's pruner judges it, and the live progress shows it.
     *
     * @param step    steps trained so far, from 1; increasing from one report to the next
     * @param value   the objective's value at this step (what the pruner compares)
     * @param metrics anything else worth a column (loss, accuracy, seconds, ...); finite values
     * @throws TrialPruned when the pruner stops the trial: let it propagate
     * @throws IllegalArgumentException for a step that does not increase, or a metric that is not finite
     */
    void report(int step, double value, Map<String, Double> metrics);

    /** {@link #report(int, double, Map)} without other metrics. */
    default void report(int step, double value) {
        report(step, value, Map.of());
    }

    /**
     * Keeps the trial's state (weights, optimizer, position) in the study's storage, replacing the last one, whole or
     * not at all. A retried trial (a lost executor) and a resumed sweep get it back from {@link #restoreCheckpoint}.
     */
    void saveCheckpoint(byte[] state);

    /** The last state {@link #saveCheckpoint} kept for this trial, if any: continue from there. */
    Optional<byte[]> restoreCheckpoint();

    /** The GPU addresses Spark gave this trial's task ({@code spark.task.resource.gpu.amount}); empty without GPUs. */
    List<String> gpus();

    /** The threads this trial may use: the executor's cores divided among the trials it runs at once. */
    int threads();

    /**
     * Sets an attribute of the trial, kept in the trials table's {@code user_attrs} column (JSON).
     *
     * @param value a string, a number or a boolean
     */
    void setUserAttr(String key, Object value);
}
