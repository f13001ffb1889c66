package io.sparkhpo.executors.optim;

import java.io.Serializable;
import java.util.Map;

/**
 * One trial's optimizer: which update rule, its hyperparameters and its weight decay. Immutable, validated on
 * construction, serializable: the driver builds it, Spark ships it, the engine turns it into an optimizer. A
 * {@link RuleSpec} for each registered rule ({@link OptimizerTypes}), or a {@link SamSpec} around one.
 */
public interface OptimizerSpec extends Serializable {

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

    /** The rule's own hyperparameters by key (its {@link OptimizerType#params()}, in order): the tables' columns. */
    Map<String, Object> hyperparameters();

    /** The rule's usual name without the decay suffix, e.g. {@code Adam}. */
    default String baseLabel() {
        return OptimizerSpecs.type(name()).label();
    }

    /** The usual name: the rule's, with "W" for decoupled weight decay, e.g. {@code AdamW}, {@code SGDW}. */
    default String label() {
        return weightDecay().mode() == WeightDecayMode.L2 ? baseLabel() : baseLabel() + "W";
    }
}
