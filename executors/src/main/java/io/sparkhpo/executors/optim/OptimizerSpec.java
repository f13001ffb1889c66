package io.sparkhpo.executors.optim;

import java.io.Serializable;

/**
 * One trial's optimizer and its hyperparameters. Immutable, validated on construction, serializable: the driver
 * builds it, Spark ships it to the executor, the engine turns it into its own updater there.
 */
public sealed interface OptimizerSpec extends Serializable permits AdamSpec {

    /** The optimizer's name as in configs and tables, e.g. {@code adam}, {@code adamw}. */
    String name();

    /** The base learning rate α. */
    double lr();

    /** The weight decay λ as applied, in the convention of {@link #decayMode()}. */
    double weightDecay();

    WeightDecayMode decayMode();
}
