package io.sparkhpo.executors.optim;

import java.util.List;

/**
 * Adam (Kingma & Ba 2015; torch.optim.Adam), AMSGrad with {@code amsgrad} (Reddi et al. 2018), AdamW with
 * decoupled weight decay (Loshchilov & Hutter 2019; torch.optim.AdamW is {@code decoupled_lr}).
 *
 * @param lr    α, {@code > 0}
 * @param beta1 in [0, 1)
 * @param beta2 in [0, 1)
 * @param eps   {@code > 0}
 */
public record AdamSpec(double lr, double beta1, double beta2, double eps, boolean amsgrad, WeightDecay weightDecay)
        implements OptimizerSpec {

    public static final double DEFAULT_LR = 1e-3;
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPS = 1e-8;

    /** {@code adam}, {@code amsgrad} (adam with amsgrad = true) and {@code adamw} (default λ 0.01, as torch.optim.AdamW). */
    public static final OptimizerType TYPE = new OptimizerType("adam", "Adam", java.util.Optional.of(DEFAULT_LR),
            List.of(RuleParam.BETA1, RuleParam.BETA2, RuleParam.EPS, RuleParam.AMSGRAD), true, 1e-2,
            java.util.Map.of("amsgrad", "amsgrad"),
            (lr, v, wd) -> new AdamSpec(lr, v.real("beta1"), v.real("beta2"), v.real("eps"), v.flag("amsgrad"), wd));

    public AdamSpec {
        Check.positive("adam lr", lr);
        Check.beta("adam beta1", beta1);
        Check.beta("adam beta2", beta2);
        Check.positive("adam eps", eps);
    }

    /** Adam with PyTorch's default betas and eps. */
    public static AdamSpec of(double lr, WeightDecay weightDecay) {
        return new AdamSpec(lr, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS, false, weightDecay);
    }

    @Override
    public String name() {
        return "adam";
    }

    @Override
    public UpdateRule rule() {
        return new Rules.Adam(beta1, beta2, eps, amsgrad);
    }

    @Override
    public AdamSpec withLr(double newLr) {
        return new AdamSpec(newLr, beta1, beta2, eps, amsgrad, weightDecay);
    }

    @Override
    public String baseLabel() {
        return amsgrad ? "AMSGrad" : "Adam";
    }

    @Override
    public boolean hasMomentum() {
        return true;
    }

    @Override
    public java.util.Map<String, Object> hyperparameters() {
        return OptimizerSpecs.ordered("beta1", beta1, "beta2", beta2, "eps", eps, "amsgrad", amsgrad);
    }
}
