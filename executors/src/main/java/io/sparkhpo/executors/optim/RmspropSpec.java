package io.sparkhpo.executors.optim;

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
}
