package io.sparkhpo.driver.config;

import io.sparkhpo.executors.optim.OptimizerSpecs;
import io.sparkhpo.executors.optim.WeightDecayMode;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.DoublePredicate;

/**
 * The hyperparameters a sweep can fix or search: their kind, constraint, and where a fixed value lives in the
 * config. A search-space entry's key is one of these names; the same constraint is checked on fixed values, on
 * space bounds and on categorical choices, so an invalid value fails at config time. Per-optimizer defaults and
 * which optimizer takes which key are {@link OptimizerSpecs}'.
 */
public enum Hyperparameter {
    OPTIMIZER("optimizer", Kind.CHOICE, "optimizer.name", OptimizerSpecs.NAMES, null, null),
    WEIGHT_DECAY_MODE("weight_decay_mode", Kind.CHOICE, "optimizer.weight_decay_mode", WeightDecayMode.configNames(),
            null, null),
    LR("lr", Kind.REAL, "optimizer.lr", null, "> 0", v -> v > 0),
    WEIGHT_DECAY("weight_decay", Kind.REAL, "optimizer.weight_decay", null, ">= 0", v -> v >= 0),
    WEIGHT_DECAY_NORM("weight_decay_norm", Kind.REAL, "optimizer.weight_decay_norm", null, ">= 0", v -> v >= 0),
    MOMENTUM("momentum", Kind.REAL, "optimizer.momentum", null, "in [0, 1)", v -> v >= 0 && v < 1),
    DAMPENING("dampening", Kind.REAL, "optimizer.dampening", null, "in [0, 1]", v -> v >= 0 && v <= 1),
    NESTEROV("nesterov", Kind.BOOL, "optimizer.nesterov", null, null, null),
    ALPHA("alpha", Kind.REAL, "optimizer.alpha", null, "in [0, 1)", v -> v >= 0 && v < 1),
    CENTERED("centered", Kind.BOOL, "optimizer.centered", null, null, null),
    LR_DECAY("lr_decay", Kind.REAL, "optimizer.lr_decay", null, ">= 0", v -> v >= 0),
    INITIAL_ACCUMULATOR_VALUE("initial_accumulator_value", Kind.REAL, "optimizer.initial_accumulator_value", null,
            ">= 0", v -> v >= 0),
    BETA1("beta1", Kind.REAL, "optimizer.beta1", null, "in [0, 1)", v -> v >= 0 && v < 1),
    BETA2("beta2", Kind.REAL, "optimizer.beta2", null, "in [0, 1)", v -> v >= 0 && v < 1),
    EPS("eps", Kind.REAL, "optimizer.eps", null, "> 0", v -> v > 0),
    AMSGRAD("amsgrad", Kind.BOOL, "optimizer.amsgrad", null, null, null),
    MOMENTUM_DECAY("momentum_decay", Kind.REAL, "optimizer.momentum_decay", null, ">= 0", v -> v >= 0),
    NU1("nu1", Kind.REAL, "optimizer.nu1", null, "in [0, 1]", v -> v >= 0 && v <= 1),
    NU2("nu2", Kind.REAL, "optimizer.nu2", null, "in [0, 1]", v -> v >= 0 && v <= 1),
    BATCH_SIZE("batch_size", Kind.INTEGER, "training.batch_size", null, ">= 1", v -> v >= 1),
    CLIP_GRAD_NORM("clip_grad_norm", Kind.REAL, "training.clip_grad_norm", null, "> 0", v -> v > 0),
    CLIP_GRAD_VALUE("clip_grad_value", Kind.REAL, "training.clip_grad_value", null, "> 0", v -> v > 0);

    /** What values a hyperparameter takes. */
    public enum Kind { CHOICE, REAL, INTEGER, BOOL }

    /** The batch size when neither fixed nor searched. */
    public static final long DEFAULT_BATCH_SIZE = 128;

    private final String key;
    private final Kind kind;
    private final String fixedAt;
    private final List<String> choices;
    private final String constraint;
    private final DoublePredicate valid;

    Hyperparameter(String key, Kind kind, String fixedAt, List<String> choices, String constraint,
                   DoublePredicate valid) {
        this.key = key;
        this.kind = kind;
        this.fixedAt = fixedAt;
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

    public List<String> choices() {
        return choices;
    }

    /** Whether it is one of the optimizer-specific keys (momentum, beta1, nu1, ...) that not every optimizer takes. */
    public boolean optimizerSpecific() {
        return OptimizerSpecs.allKeys().contains(key);
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(Hyperparameter::key).toList();
    }

    public static Optional<Hyperparameter> byKey(String key) {
        return Arrays.stream(values()).filter(h -> h.key.equals(key)).findFirst();
    }

    /**
     * Why {@code value} is not valid for this hyperparameter, or empty when it is. {@code value} is a
     * {@code String} for choices, a {@code Double} for reals, a {@code Long} for integers, a {@code Boolean} for flags.
     */
    public Optional<String> problem(Object value) {
        return switch (kind) {
            case CHOICE -> value instanceof String s && choices.contains(s) ? Optional.empty()
                    : Optional.of("must be one of " + choices);
            case REAL -> value instanceof Double d && Double.isFinite(d) && valid.test(d) ? Optional.empty()
                    : Optional.of("must be a number " + constraint);
            case INTEGER -> value instanceof Long n && valid.test(n) ? Optional.empty()
                    : Optional.of("must be an integer " + constraint);
            case BOOL -> value instanceof Boolean ? Optional.empty() : Optional.of("must be true or false");
        };
    }
}
