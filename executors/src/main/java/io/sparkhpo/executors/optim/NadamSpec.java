package io.sparkhpo.executors.optim;

import java.util.List;

/**
 * NAdam (Dozat 2016) as torch 2.0's torch.optim.NAdam computes it (torch 1.13's has a bug in the momentum
 * term's μ product, fixed in 2.0).
 *
 * @param lr            α, {@code > 0}
 * @param beta1         in [0, 1)
 * @param beta2         in [0, 1)
 * @param eps           {@code > 0}
 * @param momentumDecay ψ of μ_t = β1(1 − ½·0.96^(tψ)), {@code >= 0}
 */
public record NadamSpec(double lr, double beta1, double beta2, double eps, double momentumDecay,
                        WeightDecay weightDecay) implements OptimizerSpec {

    public static final double DEFAULT_LR = 2e-3;
    public static final double DEFAULT_MOMENTUM_DECAY = 4e-3;

    /** {@code nadam} and {@code nadamw}. */
    public static final OptimizerType TYPE = OptimizerType.of("nadam", "NAdam", DEFAULT_LR,
            List.of(RuleParam.BETA1, RuleParam.BETA2, RuleParam.EPS, RuleParam.MOMENTUM_DECAY),
            (lr, v, wd) -> new NadamSpec(lr, v.real("beta1"), v.real("beta2"), v.real("eps"), v.real("momentum_decay"), wd));

    public NadamSpec {
        Check.positive("nadam lr", lr);
        Check.beta("nadam beta1", beta1);
        Check.beta("nadam beta2", beta2);
        Check.positive("nadam eps", eps);
        Check.nonNegative("nadam momentum_decay", momentumDecay);
    }

    @Override
    public String name() {
        return "nadam";
    }

    @Override
    public UpdateRule rule() {
        return new Rules.Nadam(beta1, beta2, eps, momentumDecay);
    }

    @Override
    public NadamSpec withLr(double newLr) {
        return new NadamSpec(newLr, beta1, beta2, eps, momentumDecay, weightDecay);
    }

    @Override
    public boolean hasMomentum() {
        return true;
    }

    @Override
    public java.util.Map<String, Object> hyperparameters() {
        return OptimizerSpecs.ordered("beta1", beta1, "beta2", beta2, "eps", eps, "momentum_decay", momentumDecay);
    }
}
