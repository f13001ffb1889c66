package io.sparkhpo.executors.optim;

import java.util.List;

/**
 * QHAdam (Ma & Yarats 2019) as facebookresearch/qhoptim computes it; QHAdamW with {@code decoupled_lr} weight
 * decay (qhoptim's {@code decouple_weight_decay=True}). Defaults are qhoptim's (betas 0.9, 0.999; nus 1, 1,
 * which is Adam up to the bias correction); the paper suggests nus (0.7, 1.0) with betas (0.995, 0.999).
 *
 * @param lr    α, {@code > 0}
 * @param beta1 in [0, 1)
 * @param beta2 in [0, 1)
 * @param nu1   immediate discount of the gradient, in [0, 1]
 * @param nu2   immediate discount of its square, in [0, 1]
 * @param eps   {@code >= 0}
 */
public record QhadamSpec(double lr, double beta1, double beta2, double nu1, double nu2, double eps,
                         WeightDecay weightDecay) implements OptimizerSpec {

    public static final double DEFAULT_NU1 = 1.0;
    public static final double DEFAULT_NU2 = 1.0;

    /** {@code qhadam} (qhoptim's defaults) and {@code qhadamw}. */
    public static final OptimizerType TYPE = OptimizerType.of("qhadam", "QHAdam", AdamSpec.DEFAULT_LR,
            List.of(RuleParam.BETA1, RuleParam.BETA2, RuleParam.NU1, RuleParam.NU2, RuleParam.EPS),
            (lr, v, wd) -> new QhadamSpec(lr, v.real("beta1"), v.real("beta2"), v.real("nu1"), v.real("nu2"), v.real("eps"), wd));

    public QhadamSpec {
        Check.positive("qhadam lr", lr);
        Check.beta("qhadam beta1", beta1);
        Check.beta("qhadam beta2", beta2);
        Check.fraction("qhadam nu1", nu1);
        Check.fraction("qhadam nu2", nu2);
        Check.nonNegative("qhadam eps", eps);
    }

    @Override
    public String name() {
        return "qhadam";
    }

    @Override
    public UpdateRule rule() {
        return new Rules.Qhadam(beta1, beta2, nu1, nu2, eps);
    }

    @Override
    public QhadamSpec withLr(double newLr) {
        return new QhadamSpec(newLr, beta1, beta2, nu1, nu2, eps, weightDecay);
    }

    @Override
    public boolean hasMomentum() {
        return true;
    }

    @Override
    public java.util.Map<String, Object> hyperparameters() {
        return OptimizerSpecs.ordered("beta1", beta1, "beta2", beta2, "eps", eps, "nu1", nu1, "nu2", nu2);
    }
}
