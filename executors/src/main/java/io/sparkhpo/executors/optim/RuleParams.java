package io.sparkhpo.executors.optim;

import io.sparkhpo.search.registry.Param;

/**
 * The hyperparameters update rules take besides lr and weight decay (momentum, beta1, eps, ...), each declared once as
 * a {@link Param}: its config key (also its column in the trials table and its name in a search space), whether it is a
 * flag, the usual default, and the constraint checked at config time on fixed values, space bounds and choices, and
 * again when a {@link RuleSpec} is built. Rules that share a key share its declaration, differing at most in the
 * default ({@link Param#withDefault}).
 */
public final class RuleParams {

    public static final Param MOMENTUM = Param.number("momentum", 0.0, "in [0, 1)", v -> v >= 0 && v < 1);
    public static final Param DAMPENING = Param.number("dampening", 0.0, "in [0, 1]", v -> v >= 0 && v <= 1);
    public static final Param NESTEROV = Param.flag("nesterov", false);
    public static final Param ALPHA = Param.number("alpha", 0.99, "in [0, 1)", v -> v >= 0 && v < 1);
    public static final Param CENTERED = Param.flag("centered", false);
    public static final Param LR_DECAY = Param.number("lr_decay", 0.0, ">= 0", v -> v >= 0);
    public static final Param INITIAL_ACCUMULATOR_VALUE = Param.number("initial_accumulator_value", 0.0, ">= 0", v -> v >= 0);
    public static final Param BETA1 = Param.number("beta1", 0.9, "in [0, 1)", v -> v >= 0 && v < 1);
    public static final Param BETA2 = Param.number("beta2", 0.999, "in [0, 1)", v -> v >= 0 && v < 1);
    public static final Param EPS = Param.number("eps", 1e-8, "> 0", v -> v > 0);
    public static final Param AMSGRAD = Param.flag("amsgrad", false);
    public static final Param MOMENTUM_DECAY = Param.number("momentum_decay", 4e-3, ">= 0", v -> v >= 0);
    public static final Param NU1 = Param.number("nu1", 1.0, "in [0, 1]", v -> v >= 0 && v <= 1);
    public static final Param NU2 = Param.number("nu2", 1.0, "in [0, 1]", v -> v >= 0 && v <= 1);

    private RuleParams() {
    }
}
