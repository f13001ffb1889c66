package io.sparkhpo.driver.config;

import io.sparkhpo.executors.optim.AdamSpec;
import io.sparkhpo.executors.optim.WeightDecayMode;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.DoublePredicate;

/**
 * The hyperparameters a sweep can fix or search, with their kind, constraint, default and where their fixed
 * value lives in the config. A search space entry's key is one of these names; the same constraint is checked
 * on fixed values, on space bounds and on categorical choices, so an invalid value fails at config time.
 */
public enum Hyperparameter {
    OPTIMIZER("optimizer", Kind.CHOICE, "optimizer.name", "adam", List.of("adam", "adamw"), null, null),
    WEIGHT_DECAY_MODE("weight_decay_mode", Kind.CHOICE, "optimizer.weight_decay_mode", null,
            WeightDecayMode.configNames(), null, null),
    LR("lr", Kind.REAL, "optimizer.lr", 1e-3, null, "> 0", v -> v > 0),
    WEIGHT_DECAY("weight_decay", Kind.REAL, "optimizer.weight_decay", 0.0, null, ">= 0", v -> v >= 0),
    BETA1("beta1", Kind.REAL, "optimizer.beta1", AdamSpec.DEFAULT_BETA1, null, "in [0, 1)", v -> v >= 0 && v < 1),
    BETA2("beta2", Kind.REAL, "optimizer.beta2", AdamSpec.DEFAULT_BETA2, null, "in [0, 1)", v -> v >= 0 && v < 1),
    EPS("eps", Kind.REAL, "optimizer.eps", AdamSpec.DEFAULT_EPS, null, "> 0", v -> v > 0),
    BATCH_SIZE("batch_size", Kind.INTEGER, "training.batch_size", 128L, null, ">= 1", v -> v >= 1);

    /** What values a hyperparameter takes. */
    public enum Kind { CHOICE, REAL, INTEGER }

    private final String key;
    private final Kind kind;
    private final String fixedAt;
    private final Object defaultValue;
    private final List<String> choices;
    private final String constraint;
    private final DoublePredicate valid;

    Hyperparameter(String key, Kind kind, String fixedAt, Object defaultValue, List<String> choices, String constraint,
                   DoublePredicate valid) {
        this.key = key;
        this.kind = kind;
        this.fixedAt = fixedAt;
        this.defaultValue = defaultValue;
        this.choices = choices;
        this.constraint = constraint;
        this.valid = valid;
    }

    /** The name in the search space and the tables. */
    public String key() {
        return key;
    }

    public Kind kind() {
        return kind;
    }

    /** Where a fixed value is set, e.g. {@code optimizer.lr}. */
    public String fixedAt() {
        return fixedAt;
    }

    /** The default when neither fixed nor searched; empty for the decay mode, which depends on the optimizer. */
    public Optional<Object> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public List<String> choices() {
        return choices;
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(Hyperparameter::key).toList();
    }

    public static Optional<Hyperparameter> byKey(String key) {
        return Arrays.stream(values()).filter(h -> h.key.equals(key)).findFirst();
    }

    /**
     * Why {@code value} is not valid for this hyperparameter, or empty when it is. {@code value} is a
     * {@code String} for choices, a {@code Double} for reals, a {@code Long} for integers.
     */
    public Optional<String> problem(Object value) {
        return switch (kind) {
            case CHOICE -> value instanceof String s && choices.contains(s) ? Optional.empty()
                    : Optional.of("must be one of " + choices);
            case REAL -> value instanceof Double d && Double.isFinite(d) && valid.test(d) ? Optional.empty()
                    : Optional.of("must be a number " + constraint);
            case INTEGER -> value instanceof Long n && valid.test(n) ? Optional.empty()
                    : Optional.of("must be an integer " + constraint);
        };
    }

    /**
     * The weight-decay mode for an optimizer when none is given, and whether a given one fits it: {@code adam}
     * means L2 regularization (PyTorch's {@code Adam(weight_decay)}); {@code adamw} means decoupled decay,
     * PyTorch's convention ({@code decoupled_lr}) unless the paper's ({@code decoupled}) is asked for.
     */
    public static WeightDecayMode decayMode(String optimizer, Optional<String> mode) {
        WeightDecayMode m = mode.map(WeightDecayMode::fromConfig)
                .orElse("adamw".equals(optimizer) ? WeightDecayMode.DECOUPLED_LR : WeightDecayMode.L2);
        if ("adam".equals(optimizer) && m != WeightDecayMode.L2) {
            throw new IllegalArgumentException("optimizer adam applies weight decay as L2; for " + m.configName()
                    + " weight decay use optimizer = adamw");
        }
        if ("adamw".equals(optimizer) && m == WeightDecayMode.L2) {
            throw new IllegalArgumentException("optimizer adamw decouples weight decay; for L2 use optimizer = adam");
        }
        return m;
    }
}
