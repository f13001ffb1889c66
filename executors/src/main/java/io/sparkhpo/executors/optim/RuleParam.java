package io.sparkhpo.executors.optim;

import java.util.function.DoublePredicate;

/**
 * A hyperparameter an update rule takes besides lr and weight decay (momentum, beta1, eps, ...): its config key
 * (also its column in the trials table and its name in a search space), whether it is a flag, the rule's default, and
 * the constraint checked at config time on fixed values, space bounds and choices. Rules that share a key share its
 * definition (the constants below), differing at most in the default.
 */
public record RuleParam(String key, boolean flag, Object defaultValue, String constraint, DoublePredicate valid) {

    public static final RuleParam MOMENTUM = real("momentum", 0.0, "in [0, 1)", v -> v >= 0 && v < 1);
    public static final RuleParam DAMPENING = real("dampening", 0.0, "in [0, 1]", v -> v >= 0 && v <= 1);
    public static final RuleParam NESTEROV = flag("nesterov", false);
    public static final RuleParam ALPHA = real("alpha", 0.99, "in [0, 1)", v -> v >= 0 && v < 1);
    public static final RuleParam CENTERED = flag("centered", false);
    public static final RuleParam LR_DECAY = real("lr_decay", 0.0, ">= 0", v -> v >= 0);
    public static final RuleParam INITIAL_ACCUMULATOR_VALUE = real("initial_accumulator_value", 0.0, ">= 0", v -> v >= 0);
    public static final RuleParam BETA1 = real("beta1", AdamSpec.DEFAULT_BETA1, "in [0, 1)", v -> v >= 0 && v < 1);
    public static final RuleParam BETA2 = real("beta2", AdamSpec.DEFAULT_BETA2, "in [0, 1)", v -> v >= 0 && v < 1);
    public static final RuleParam EPS = real("eps", AdamSpec.DEFAULT_EPS, "> 0", v -> v > 0);
    public static final RuleParam AMSGRAD = flag("amsgrad", false);
    public static final RuleParam MOMENTUM_DECAY = real("momentum_decay", NadamSpec.DEFAULT_MOMENTUM_DECAY, ">= 0", v -> v >= 0);
    public static final RuleParam NU1 = real("nu1", QhadamSpec.DEFAULT_NU1, "in [0, 1]", v -> v >= 0 && v <= 1);
    public static final RuleParam NU2 = real("nu2", QhadamSpec.DEFAULT_NU2, "in [0, 1]", v -> v >= 0 && v <= 1);

    public static RuleParam real(String key, double defaultValue, String constraint, DoublePredicate valid) {
        return new RuleParam(key, false, defaultValue, constraint, valid);
    }

    public static RuleParam flag(String key, boolean defaultValue) {
        return new RuleParam(key, true, defaultValue, null, null);
    }

    /** The same parameter with another rule's default. */
    public RuleParam withDefault(Object d) {
        return new RuleParam(key, flag, d, constraint, valid);
    }

    /** Whether two rules' definitions of a key agree on everything but the default. */
    boolean sameAs(RuleParam o) {
        return key.equals(o.key) && flag == o.flag && java.util.Objects.equals(constraint, o.constraint);
    }
}
