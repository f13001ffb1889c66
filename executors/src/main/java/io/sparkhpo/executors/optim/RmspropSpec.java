package io.sparkhpo.executors.optim;

import java.util.List;

/**
 * RMSprop (Hinton's lecture 6e; torch.optim.RMSprop), with momentum and the centered variant.
 *
 * @param lr       α, {@code > 0}
 * @param alpha    smoothing constant of the squared-gradient average, in [0, 1)
 * @param eps      {@code > 0}
 * @param momentum μ in [0, 1)
 * @param centered normalize by the variance estimate instead of the second moment
 */
public record RmspropSpec(double lr, double alpha, double eps, double momentum, boolean centered,
                          WeightDecay weightDecay) implements OptimizerSpec {

    public static final double DEFAULT_LR = 1e-2;
    public static final double DEFAULT_ALPHA = 0.99;
    public static final double DEFAULT_EPS = 1e-8;

    /** {@code rmsprop}; no decoupled alias. */
    public static final OptimizerType TYPE = new OptimizerType("rmsprop", "RMSprop", java.util.Optional.of(DEFAULT_LR),
            List.of(RuleParam.ALPHA.withDefault(DEFAULT_ALPHA), RuleParam.EPS.withDefault(DEFAULT_EPS), RuleParam.MOMENTUM,
                    RuleParam.CENTERED), false, 0.0, java.util.Map.of(),
            (lr, v, wd) -> new RmspropSpec(lr, v.real("alpha"), v.real("eps"), v.real("momentum"), v.flag("centered"), wd));

    public RmspropSpec {
        Check.positive("rmsprop lr", lr);
        Check.beta("rmsprop alpha", alpha);
        Check.positive("rmsprop eps", eps);
        Check.beta("rmsprop momentum", momentum);
    }

    @Override
    public String name() {
        return "rmsprop";
    }

    @Override
    public UpdateRule rule() {
        return new Rules.Rmsprop(alpha, eps, momentum, centered);
    }

    @Override
    public RmspropSpec withLr(double newLr) {
        return new RmspropSpec(newLr, alpha, eps, momentum, centered, weightDecay);
    }

    @Override
    public boolean hasMomentum() {
        return momentum > 0;
    }

    @Override
    public java.util.Map<String, Object> hyperparameters() {
        return OptimizerSpecs.ordered("alpha", alpha, "eps", eps, "momentum", momentum, "centered", centered);
    }
}
