package io.sparkhpo.executors.schedule;

import io.sparkhpo.executors.ConfigName;

import java.util.List;

/** What a schedule's position counts. */
public enum Unit implements ConfigName {
    /**
     * Epochs: the rate changes between epochs (t = 0, 1, 2, ...). With warm restarts, {@code iteration} stepping
     * is fractional epochs instead, in the loop PyTorch documents for CosineAnnealingWarmRestarts
     * ({@code LrController#fractionalEpoch}: iteration k trains at (k − 1) / batches per epoch).
     */
    EPOCH,
    /** Optimizer steps: the rate changes every batch (t = 0, 1, 2, ... over the whole run). */
    ITERATION;

    public static List<String> configNames() {
        return ConfigName.names(Unit.class);
    }

    /** @throws IllegalArgumentException naming the known names */
    public static Unit fromConfig(String name) {
        return ConfigName.parse(Unit.class, "step_per", name);
    }
}
