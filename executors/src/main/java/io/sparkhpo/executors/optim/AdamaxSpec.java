package io.sparkhpo.executors.optim;

import java.util.List;

/**
 * Adamax, Adam's infinity-norm variant (Kingma & Ba 2015, §7; torch.optim.Adamax).
 *
 * @param lr    α, {@code > 0}
 * @param beta1 in [0, 1)
 * @param beta2 in [0, 1)
 * @param eps   {@code > 0}
 */
public record AdamaxSpec(double lr, double beta1, double beta2, double eps, WeightDecay weightDecay)
        implements OptimizerSpec {

    public static final double DEFAULT_LR = 2e-3;

    /** {@code adamax} and {@code adamaxw}. */
    public static final OptimizerType TYPE = OptimizerType.of("adamax", "Adamax", DEFAULT_LR,
            List.of(RuleParam.BETA1, RuleParam.BETA2, RuleParam.EPS),
            (lr, v, wd) -> new AdamaxSpec(lr, v.real("beta1"), v.real("beta2"), v.real("eps"), wd));

    public AdamaxSpec {
        Check.positive("adamax lr", lr);
        Check.beta("adamax beta1", beta1);
        Check.beta("adamax beta2", beta2);
        Check.positive("adamax eps", eps);
    }

    @Override
    public String name() {
        return "adamax";
    }

    @Override
    public UpdateRule rule() {
        return new Rules.Adamax(beta1, beta2, eps);
    }

    @Override
    public AdamaxSpec withLr(double newLr) {
        return new AdamaxSpec(newLr, beta1, beta2, eps, weightDecay);
    }

    @Override
    public boolean hasMomentum() {
        return true;
    }

    @Override
    public java.util.Map<String, Object> hyperparameters() {
        return OptimizerSpecs.ordered("beta1", beta1, "beta2", beta2, "eps", eps);
    }
}
