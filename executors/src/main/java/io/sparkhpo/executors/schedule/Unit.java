package io.sparkhpo.executors.schedule;

import java.util.Arrays;
import java.util.List;

/** What a schedule's position counts. */
public enum Unit {
    /**
     * Epochs: the rate changes between epochs (t = 0, 1, 2, ...). With warm restarts, {@code iteration} stepping
     * is fractional epochs instead, in the loop PyTorch documents for CosineAnnealingWarmRestarts
     * ({@code LrController#fractionalEpoch}: iteration k trains at (k − 1) / batches per epoch).
     */
    EPOCH("epoch"),
    /** Optimizer steps: the rate changes every batch (t = 0, 1, 2, ... over the whole run). */
    ITERATION("iteration");

    private final String configName;

    Unit(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static List<String> configNames() {
        return Arrays.stream(values()).map(Unit::configName).toList();
    }

    public static Unit fromConfig(String s) {
        for (Unit u : values()) {
            if (u.configName.equals(s)) {
                return u;
            }
        }
        throw new IllegalArgumentException("step_per must be one of " + configNames() + ", got \"" + s + "\"");
    }
}
