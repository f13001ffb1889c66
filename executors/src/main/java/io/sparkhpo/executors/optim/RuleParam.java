package io.sparkhpo.executors.optim;

import java.util.function.DoublePredicate;

/**
 * A hyperparameter an update rule takes besides lr and weight decay (momentum, beta1, eps, ...): its config key
 * (also its column in the trials table and its name in a search space), whether it is a flag, the rule's default, and
 * the constraint checked at config time on fixed values, space bounds and choices, and again when a {@link RuleSpec}
 * is built. Rules that share a key share its definition (the constants below), differing at most in the default.
 */
public record RuleParam(String key, boolean flag, Object defaultValue, String constraint, DoublePredicate valid) {

    public static final RuleParam MOMENTUM = real("momentum", 0.0, "in [0, 1)", v -> v >= 0 && v < 1);
    public static final RuleParam DAMPENING = real("dampening", 0.0, "in [0, 1]", v -> v >= 0 && v <= 1);
    public static final RuleParam NESTEROV = flag("nesterov", false);
    public static final RuleParam ALPHA = real("alpha", 0.99, "in [0, 1)", v -> v >= 0 && v < 1);
    public static final RuleParam CENTERED = flag("centered", false);
    public static final RuleParam LR_DECAY = real("lr_decay", 0.0, ">= 0", v -> v >= 0);
    public static final RuleParam INITIAL_ACCUMULATOR_VALUE = real("initial_accumulator_value", 0.0, ">= 0", v -> v >= 0);
    public static final RuleParam BETA1 = real("beta1", 0.9, "in [0, 1)", v -> v >= 0 && v < 1);
    public static final RuleParam BETA2 = real("beta2", 0.999, "in [0, 1)", v -> v >= 0 && v < 1);
    public static final RuleParam EPS = real("eps", 1e-8, "> 0", v -> v > 0);
    public static final RuleParam AMSGRAD = flag("amsgrad", false);
    public static final RuleParam MOMENTUM_DECAY = real("momentum_decay", 4e-3, ">= 0", v -> v >= 0);
    public static final RuleParam NU1 = real("nu1", 1.0, "in [0, 1]", v -> v >= 0 && v <= 1);
    public static final RuleParam NU2 = real("nu2", 1.0, "in [0, 1]", v -> v >= 0 && v <= 1);

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

    /**
     * {@code value} as this parameter holds it ({@code Double} or {@code Boolean}), checked.
     *
     * @param owner the rule's name, for the message
     * @throws IllegalArgumentException naming the owner, the key, the constraint and the value
     */
    public Object checked(String owner, Object value) {
        if (flag) {
            if (!(value instanceof Boolean)) {
                throw new IllegalArgumentException(owner + " " + key + " must be true or false, got " + value);
            }
            return value;
        }
        if (!(value instanceof Number n)) {
            throw new IllegalArgumentException(owner + " " + key + " must be a number " + constraint + ", got " + value);
        }
        double v = n.doubleValue();
        if (!Double.isFinite(v) || !valid.test(v)) {
            throw new IllegalArgumentException(owner + " " + key + " must be " + (Double.isFinite(v) ? "" : "finite and ")
                    + constraint + ", got " + v);
        }
        return v;
    }

    /** Whether two rules' definitions of a key agree on everything but the default. */
    boolean sameAs(RuleParam o) {
        return key.equals(o.key) && flag == o.flag && java.util.Objects.equals(constraint, o.constraint);
    }
}
