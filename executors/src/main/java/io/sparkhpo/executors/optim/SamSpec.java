package io.sparkhpo.executors.optim;

import io.sparkhpo.search.registry.Param;
import java.util.Map;

/**
 * Sharpness-aware minimization around a base optimizer ({@code optimizer = sam}, {@code base = sgd | adamw | ...}):
 * each step evaluates the gradient g at θ, moves to θ + ε ({@link Sam#perturbation}: ε = ρ·g/‖g‖, or ASAM's
 * elementwise-scaled form when {@code adaptive}), evaluates the gradient g' there, restores θ, and lets the base
 * optimizer step with g' under its own hyperparameters, weight-decay convention and the trial's clipping (applied to
 * g'). The base's rule and state are this spec's: the checkpoint holds exactly what the base's would.
 *
 * @param base     the optimizer that steps (any registered rule or alias; not SAM itself)
 * @param rho      the neighbourhood's radius ρ, {@code > 0}
 * @param adaptive ASAM (Kwon et al. 2021): the perturbation scaled elementwise by |θ| + {@link Sam#ASAM_ETA}
 */
public record SamSpec(OptimizerSpec base, double rho, boolean adaptive) implements OptimizerSpec {

    /** The config name. */
    public static final String NAME = "sam";
    /** The config keys (also the trials table's columns): the base's config name, ρ and the ASAM flag. */
    public static final String BASE = "base";
    public static final String RHO = "rho";
    public static final String ADAPTIVE = "adaptive";
    /** SAM's own keys, which only {@code sam} takes. */
    public static final java.util.List<String> KEYS = java.util.List.of(BASE, RHO, ADAPTIVE);
    /** Foret et al.'s ρ for CIFAR (0.05) and Kwon et al.'s for ASAM there (0.5): the defaults. */
    public static final double DEFAULT_RHO = 0.05;
    public static final double DEFAULT_ASAM_RHO = 0.5;
    /**
     * ρ and the ASAM flag, declared as the rules declare theirs ({@link RuleParams}: key, default, constraint): this
     * record checks ρ with it, and the driver's hyperparameters take both from here. ρ's default depends on
     * {@code adaptive} ({@link #defaultRho}); the declared one is plain SAM's.
     */
    public static final Param RHO_PARAM = Param.number(RHO, DEFAULT_RHO, "> 0", v -> v > 0);
    public static final Param ADAPTIVE_PARAM = Param.flag(ADAPTIVE, false);
    /** The base: one of the update rules ({@link OptimizerSpecs#NAMES}), required with {@code sam}. */
    public static final Param BASE_PARAM = Param.choice(BASE, null, OptimizerTypes.configNames());
    /** SAM's keys as declared: its trials-table columns and the driver's hyperparameters come from these. */
    public static final java.util.List<Param> PARAMS = java.util.List.of(BASE_PARAM, RHO_PARAM, ADAPTIVE_PARAM);
    /** SAM's entry among the optimizers ({@link OptimizerSpecs#WRAPPERS}). */
    public static final OptimizerWrapper WRAPPER = new OptimizerWrapper(NAME,
            "sharpness-aware minimization around a base optimizer", BASE_PARAM, java.util.List.of(RHO_PARAM, ADAPTIVE_PARAM),
            (stepping, v) -> {
                boolean adaptive = (Boolean) v.getOrDefault(ADAPTIVE, false);
                Object rho = v.get(RHO);
                return new SamSpec(stepping, rho == null ? defaultRho(adaptive) : ((Number) rho).doubleValue(), adaptive);
            });

    public SamSpec {
        java.util.Objects.requireNonNull(base, "sam base");
        if (base instanceof SamSpec) {
            throw new IllegalArgumentException("sam base must be one of " + OptimizerSpecs.NAMES + ", not sam itself");
        }
        RHO_PARAM.checked(NAME, rho);
    }

    /** " rho=0.05" for a SAM optimizer, for log lines after its lr and λ; empty for any other. */
    public static String rhoNote(OptimizerSpec o) {
        return o instanceof SamSpec s ? String.format(" rho=%.3g", s.rho()) : "";
    }

    /** ρ's default: {@link #DEFAULT_ASAM_RHO} with {@code adaptive}, else {@link #DEFAULT_RHO}. */
    public static double defaultRho(boolean adaptive) {
        return adaptive ? DEFAULT_ASAM_RHO : DEFAULT_RHO;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double lr() {
        return base.lr();
    }

    @Override
    public WeightDecay weightDecay() {
        return base.weightDecay();
    }

    @Override
    public UpdateRule rule() {
        return base.rule();
    }

    @Override
    public SamSpec withLr(double lr) {
        return new SamSpec(base.withLr(lr), rho, adaptive);
    }

    @Override
    public boolean hasMomentum() {
        return base.hasMomentum();
    }

    /** The base's hyperparameters, then {@code base} (its rule's name), {@code rho} and {@code adaptive}. */
    @Override
    public Map<String, Object> hyperparameters() {
        Map<String, Object> m = new java.util.LinkedHashMap<>(base.hyperparameters());
        m.putAll(OptimizerSpecs.ordered(BASE, base.name(), RHO, rho, ADAPTIVE, adaptive));
        return m;
    }

    /** {@code SAM} or {@code ASAM}. */
    @Override
    public String baseLabel() {
        return adaptive ? "ASAM" : "SAM";
    }

    /** E.g. {@code SAM(SGD)}, {@code ASAM(AdamW)}. */
    @Override
    public String label() {
        return baseLabel() + "(" + base.label() + ")";
    }
}
