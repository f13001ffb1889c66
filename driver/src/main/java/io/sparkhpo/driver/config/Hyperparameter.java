package io.sparkhpo.driver.config;

import io.sparkhpo.executors.optim.OptimizerSpecs;
import io.sparkhpo.executors.optim.RuleParam;
import io.sparkhpo.executors.optim.SamSpec;
import io.sparkhpo.executors.optim.WeightDecayMode;

import java.util.List;
import java.util.Optional;
import java.util.function.DoublePredicate;

/**
 * The hyperparameters a sweep can fix or search: their kind, constraint, and where a fixed value lives in the
 * config. A search-space entry's key is one of these names; the same constraint is checked on fixed values, on
 * space bounds and on categorical choices, so an invalid value fails at config time. Per-optimizer defaults and
 * which optimizer takes which key are {@link OptimizerSpecs}'.
 */
public record Hyperparameter(String key, Kind kind, String fixedAt, List<String> choices, String constraint,
                             DoublePredicate valid) {

    public static final Hyperparameter OPTIMIZER = new Hyperparameter("optimizer", Kind.CHOICE, "optimizer.name",
            OptimizerSpecs.CONFIG_NAMES, null, null);
    /** SAM's base optimizer, its radius ρ and ASAM's flag ({@link SamSpec}): keys for {@code optimizer = sam} only. */
    public static final Hyperparameter SAM_BASE = new Hyperparameter(SamSpec.BASE, Kind.CHOICE, "optimizer." + SamSpec.BASE,
            OptimizerSpecs.NAMES, null, null);
    public static final Hyperparameter SAM_RHO = optimizerKey(SamSpec.RHO_PARAM);
    public static final Hyperparameter SAM_ADAPTIVE = optimizerKey(SamSpec.ADAPTIVE_PARAM);
    public static final Hyperparameter WEIGHT_DECAY_MODE = new Hyperparameter("weight_decay_mode", Kind.CHOICE,
            "optimizer.weight_decay_mode", WeightDecayMode.configNames(), null, null);
    public static final Hyperparameter LR = real("lr", "optimizer.lr", "> 0", v -> v > 0);
    public static final Hyperparameter WEIGHT_DECAY = real("weight_decay", "optimizer.weight_decay", ">= 0", v -> v >= 0);
    public static final Hyperparameter WEIGHT_DECAY_NORM = real("weight_decay_norm", "optimizer.weight_decay_norm", ">= 0",
            v -> v >= 0);
    public static final Hyperparameter BATCH_SIZE = new Hyperparameter("batch_size", Kind.INTEGER, "training.batch_size",
            null, ">= 1", v -> v >= 1);
    public static final Hyperparameter CLIP_GRAD_NORM = real("clip_grad_norm", "training.clip_grad_norm", "> 0", v -> v > 0);
    public static final Hyperparameter CLIP_GRAD_VALUE = real("clip_grad_value", "training.clip_grad_value", "> 0", v -> v > 0);

    /**
     * Every hyperparameter, in the order configs are read: the optimizer's general ones, each update rule's own
     * (from {@link OptimizerSpecs#params()}, so a new rule's parameters need no change here), SAM's, then training's.
     */
    private static final List<Hyperparameter> ALL;

    static {
        List<Hyperparameter> all = new java.util.ArrayList<>(List.of(OPTIMIZER, WEIGHT_DECAY_MODE, LR, WEIGHT_DECAY,
                WEIGHT_DECAY_NORM));
        OptimizerSpecs.params().forEach(p -> all.add(optimizerKey(p)));
        all.addAll(List.of(SAM_BASE, SAM_RHO, SAM_ADAPTIVE, BATCH_SIZE, CLIP_GRAD_NORM, CLIP_GRAD_VALUE));
        ALL = List.copyOf(all);
    }

    /** A key of the {@code optimizer} section declared by a rule (or SAM): its kind and constraint from there. */
    private static Hyperparameter optimizerKey(RuleParam p) {
        return p.flag() ? new Hyperparameter(p.key(), Kind.BOOL, "optimizer." + p.key(), null, null, null)
                : real(p.key(), "optimizer." + p.key(), p.constraint(), p.valid());
    }

    private static Hyperparameter real(String key, String fixedAt, String constraint, DoublePredicate valid) {
        return new Hyperparameter(key, Kind.REAL, fixedAt, null, constraint, valid);
    }

    /** What values a hyperparameter takes. */
    public enum Kind {
        CHOICE, REAL, INTEGER, BOOL,
        /** A user objective's categorical parameter: any strings, numbers or booleans. */
        ANY
    }

    /**
     * A user objective's parameter ({@code objective.class}): any name, of the kind its space entry's {@code type}
     * gives, with no constraint beyond its type.
     */
    public static Hyperparameter free(String key, String type) {
        Kind kind = switch (type) {
            case "float" -> Kind.REAL;
            case "int" -> Kind.INTEGER;
            default -> Kind.ANY;
        };
        return new Hyperparameter(key, kind, "objective.params." + key, null, "", v -> true);
    }

    /** The batch size when neither fixed nor searched. */
    public static final long DEFAULT_BATCH_SIZE = 128;

    /** Every hyperparameter (see {@link #ALL}). */
    public static List<Hyperparameter> values() {
        return ALL;
    }

    /** Whether it is one of the optimizer-specific keys (momentum, beta1, nu1, ...) that not every optimizer takes. */
    public boolean optimizerSpecific() {
        return OptimizerSpecs.allKeys().contains(key);
    }

    /** Whether it is one of SAM's keys ({@code base}, {@code rho}, {@code adaptive}), which only {@code sam} takes. */
    public boolean samSpecific() {
        return SamSpec.KEYS.contains(key);
    }

    public static List<String> keys() {
        return ALL.stream().map(Hyperparameter::key).toList();
    }

    public static Optional<Hyperparameter> byKey(String key) {
        return ALL.stream().filter(h -> h.key.equals(key)).findFirst();
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
            case ANY -> value instanceof String || value instanceof Number || value instanceof Boolean ? Optional.empty()
                    : Optional.of("must be a string, a number or a boolean");
        };
    }
}
