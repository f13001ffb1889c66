package io.sparkhpo.executors.train;

import java.util.EnumMap;
import java.util.Map;

/**
 * Where a training step's time goes, for {@code bench --profile}: each {@link #lap} adds the time since the previous
 * one to a phase. Sessions lap at their phase boundaries when given a profile ({@link TrainingSession#profile});
 * {@link #OFF}, the default, does nothing. On a CPU every engine operation is synchronous, so the laps are the
 * phases' own times; on a GPU an engine would have to synchronize at each lap. Not thread-safe.
 */
public class StepProfile {

    /** The phases of a step, in order. */
    public enum Phase {
        /** Building the batch on the heap (sampling, augmentation, normalization). */
        BATCH,
        /** Copying the batch and labels into the engine. */
        HOST_TO_DEVICE,
        FORWARD,
        /** Backward pass, and the loss read back. */
        BACKWARD,
        /** Clipping, weight decay, the update rule and zeroing the gradients. */
        UPDATE,
        /** Everything else in the step (error count, bookkeeping). */
        OTHER
    }

    /** Records nothing. */
    public static final StepProfile OFF = new StepProfile() {
        @Override
        public void start() {
        }

        @Override
        public void lap(Phase phase) {
        }
    };

    private final Map<Phase, Long> nanos = new EnumMap<>(Phase.class);
    private long last;

    /** Starts a step. */
    public void start() {
        last = System.nanoTime();
    }

    /** Adds the time since the last lap (or {@link #start}) to {@code phase}. */
    public void lap(Phase phase) {
        long now = System.nanoTime();
        nanos.merge(phase, now - last, Long::sum);
        last = now;
    }

    /** Seconds recorded for {@code phase}. */
    public double seconds(Phase phase) {
        return nanos.getOrDefault(phase, 0L) / 1e9;
    }
}
