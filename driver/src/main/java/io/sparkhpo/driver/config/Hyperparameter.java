package io.sparkhpo.driver.config;

import io.sparkhpo.executors.optim.OptimizerSpecs;
import io.sparkhpo.executors.optim.OptimizerWrapper;
import io.sparkhpo.executors.optim.WeightDecayMode;
import io.sparkhpo.search.registry.Param;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hyperparameters a sweep can fix or search: each is a {@link Param} (its key, kind, constraint, choices) and the
 * config path where a fixed value lives. A search-space entry's key is one of these names; the same declaration is
 * checked on fixed values, on space bounds and on categorical choices, so an invalid value fails at config time.
 * The update rules' own keys (momentum, beta1, ...) and the wrappers' (SAM's base, rho, adaptive) are their
 * declarations in {@link OptimizerSpecs}, taken as they are.
 */
public record Hyperparameter(Param param, String fixedAt) {

    public static final Hyperparameter OPTIMIZER = new Hyperparameter(Param.choice("optimizer", "adam",
            OptimizerSpecs.CONFIG_NAMES).documented("see [Optimizers](config.md#optimizers) (searchable as `optimizer`)"), "optimizer.name");
    public static final Hyperparameter WEIGHT_DECAY_MODE = optimizerKey(Param.choice("weight_decay_mode", null,
            WeightDecayMode.configNames()).documented("by optimizer", "`l2`, `decoupled` or `decoupled_lr` (searchable), see below"));
    public static final Hyperparameter LR = optimizerKey(Param.requiredNumber("lr", "> 0", v -> v > 0)
            .documented("per optimizer", "base learning rate α (searchable as `lr`); required for SGD"));
    public static final Hyperparameter WEIGHT_DECAY = optimizerKey(Param.requiredNumber("weight_decay", ">= 0", v -> v >= 0)
            .documented("0 (`adamw`: 0.01)", "λ, in the convention of the decay mode (searchable)"));
    public static final Hyperparameter WEIGHT_DECAY_NORM = optimizerKey(Param.requiredNumber("weight_decay_norm", ">= 0",
            v -> v >= 0).documented("none", "λ_norm instead of λ: λ = λ_norm·√(b/(B·T)) (paper, Appendix B.1), decoupled modes only (searchable)"));
    /** The batch size, 128 when neither fixed nor searched. */
    public static final Hyperparameter BATCH_SIZE = trainingKey(Param.integer("batch_size", 128, 1)
            .documented("fixed batch size (searchable as `batch_size`)"));
    public static final Hyperparameter CLIP_GRAD_NORM = trainingKey(Param.requiredNumber("clip_grad_norm", "> 0", v -> v > 0)
            .documented("none", "clip the gradient's global 2-norm to this (torch's `clip_grad_norm_`; searchable)"));
    public static final Hyperparameter CLIP_GRAD_VALUE = trainingKey(Param.requiredNumber("clip_grad_value", "> 0", v -> v > 0)
            .documented("none", "clip each gradient element to ± this (torch's `clip_grad_value_`; searchable; applied before the norm clip)"));

    /**
     * Every hyperparameter, in the order configs are read: the optimizer's general ones, each update rule's own
     * (from {@link OptimizerSpecs#params()}, so a new rule's parameters need no change here), SAM's, then training's.
     */
    private static final List<Hyperparameter> ALL;

    static {
        List<Hyperparameter> all = new java.util.ArrayList<>(List.of(OPTIMIZER, WEIGHT_DECAY_MODE, LR, WEIGHT_DECAY,
                WEIGHT_DECAY_NORM));
        OptimizerSpecs.params().forEach(p -> all.add(optimizerKey(p)));
        OptimizerSpecs.wrapperParams().forEach(p -> all.add(optimizerKey(p)));
        all.addAll(List.of(BATCH_SIZE, CLIP_GRAD_NORM, CLIP_GRAD_VALUE));
        ALL = List.copyOf(all);
    }

    private static Hyperparameter optimizerKey(Param p) {
        return new Hyperparameter(p, "optimizer." + p.key());
    }

    private static Hyperparameter trainingKey(Param p) {
        return new Hyperparameter(p, "training." + p.key());
    }

    /**
     * A user objective's parameter ({@code objective.class}): any name, of the kind its space entry's {@code type}
     * gives, with no constraint beyond its type.
     */
    public static Hyperparameter free(String key, String type) {
        Param p = switch (type) {
            case "float" -> new Param(key, Param.Kind.NUMBER, Optional.empty(), "", v -> true, List.of(), "");
            case "int" -> new Param(key, Param.Kind.INTEGER, Optional.empty(), "", v -> true, List.of(), "");
            default -> Param.any(key);
        };
        return new Hyperparameter(p, "objective.params." + key);
    }

    /** Its value in a trial's values {@code p}, else its declared default (null when it has none). */
    public Object valueIn(Map<String, Object> p) {
        return p.getOrDefault(key(), param.defaultValue().orElse(null));
    }

    public String key() {
        return param.key();
    }

    public Param.Kind kind() {
        return param.kind();
    }

    /** Every hyperparameter (see {@link #ALL}). */
    public static List<Hyperparameter> values() {
        return ALL;
    }

    /** Whether it is one of the optimizer-specific keys (momentum, beta1, nu1, ...) that not every optimizer takes. */
    public boolean optimizerSpecific() {
        return OptimizerSpecs.allKeys().contains(key());
    }

    /** The wrapper whose key it is (SAM's {@code base}, {@code rho}, {@code adaptive}), which only it takes. */
    public Optional<OptimizerWrapper> wrapper() {
        return OptimizerSpecs.WRAPPERS.stream().filter(w -> w.keys().stream().anyMatch(p -> p.key().equals(key()))).findFirst();
    }

    public static List<String> keys() {
        return ALL.stream().map(Hyperparameter::key).toList();
    }

    public static Optional<Hyperparameter> byKey(String key) {
        return ALL.stream().filter(h -> h.key().equals(key)).findFirst();
    }

    /**
     * Why {@code value} is not valid for this hyperparameter, or empty when it is ({@link Param#problem}). {@code value}
     * is a {@code String} for choices, a {@code Double} for reals, a {@code Long} for integers, a {@code Boolean} for flags.
     */
    public Optional<String> problem(Object value) {
        if ((kind() == Param.Kind.NUMBER && !(value instanceof Double)) || (kind() == Param.Kind.INTEGER && !(value instanceof Long))) {
            return Optional.of(param.requirement());
        }
        return param.problem(value);
    }
}
