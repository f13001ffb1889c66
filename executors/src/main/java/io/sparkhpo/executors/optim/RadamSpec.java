package io.sparkhpo.executors.optim;

import java.util.List;

/**
 * RAdam (Liu et al. 2020; torch.optim.RAdam); with {@code decoupled_lr} weight decay it is torch 2's
 * {@code RAdam(decoupled_weight_decay=True)}.
 *
 * @param lr    α, {@code > 0}
 * @param beta1 in [0, 1)
 * @param beta2 in [0, 1)
 * @param eps   {@code > 0}
 */
public record RadamSpec(double lr, double beta1, double beta2, double eps, WeightDecay weightDecay)
        implements OptimizerSpec {

    /** {@code radam} and {@code radamw}. */
    public static final OptimizerType TYPE = OptimizerType.of("radam", "RAdam", AdamSpec.DEFAULT_LR,
            List.of(RuleParam.BETA1, RuleParam.BETA2, RuleParam.EPS),
            (lr, v, wd) -> new RadamSpec(lr, v.real("beta1"), v.real("beta2"), v.real("eps"), wd));


    public RadamSpec {
        Check.positive("radam lr", lr);
        Check.beta("radam beta1", beta1);
        Check.beta("radam beta2", beta2);
        Check.positive("radam eps", eps);
    }

    @Override
    public String name() {
        return "radam";
    }

    @Override
    public UpdateRule rule() {
        return new Rules.Radam(beta1, beta2, eps);
    }

    @Override
    public RadamSpec withLr(double newLr) {
        return new RadamSpec(newLr, beta1, beta2, eps, weightDecay);
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
