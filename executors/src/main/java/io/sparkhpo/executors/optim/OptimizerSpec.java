package io.sparkhpo.executors.optim;

import java.io.Serializable;

/**
 * One trial's optimizer: which update rule, its hyperparameters and its weight decay. Immutable, validated on
 * construction, serializable: the driver builds it, Spark ships it, the engine turns it into an optimizer.
 */
public sealed interface OptimizerSpec extends Serializable
        permits SgdSpec, AdagradSpec, RmspropSpec, AdamSpec, NadamSpec, AdamaxSpec, RadamSpec, QhadamSpec {

    /** The update rule's name, as in configs and the tables' {@code optimizer} column, e.g. {@code adam}. */
    String name();

    /** The base learning rate α. */
    double lr();

    WeightDecay weightDecay();

    /** The pure update rule. */
    UpdateRule rule();

    /** The same optimizer with another base learning rate (linear scaling rule, LR range test). */
    OptimizerSpec withLr(double lr);

    /** Whether it has a momentum (SGD, RMSprop) or β1 (Adam family) that a schedule can cycle. */
    boolean hasMomentum();

    /** The usual name: the rule's, with "W" for decoupled weight decay, e.g. {@code AdamW}, {@code SGDW}. */
    default String label() {
        String base = switch (name()) {
            case "sgd" -> "SGD";
            case "adagrad" -> "Adagrad";
            case "rmsprop" -> "RMSprop";
            case "adam" -> this instanceof AdamSpec a && a.amsgrad() ? "AMSGrad" : "Adam";
            case "nadam" -> "NAdam";
            case "adamax" -> "Adamax";
            case "radam" -> "RAdam";
            case "qhadam" -> "QHAdam";
            default -> name();
        };
        return weightDecay().mode() == WeightDecayMode.L2 ? base : base + "W";
    }
}
