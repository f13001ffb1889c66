package io.sparkhpo.executors.optim;

import java.util.List;

/**
 * SGD, with momentum and Nesterov momentum (torch.optim.SGD; SGDW with decoupled weight decay).
 *
 * @param lr        α, {@code > 0} (PyTorch has no default)
 * @param momentum  μ in [0, 1)
 * @param dampening in [0, 1]
 * @param nesterov  Nesterov momentum; needs μ > 0 and no dampening
 */
public record SgdSpec(double lr, double momentum, double dampening, boolean nesterov, WeightDecay weightDecay)
        implements OptimizerSpec {

    /** {@code sgd}, PyTorch's SGD (no default lr), and {@code sgdw}. */
    public static final OptimizerType TYPE = OptimizerType.of("sgd", "SGD", null,
            List.of(RuleParam.MOMENTUM, RuleParam.DAMPENING, RuleParam.NESTEROV),
            (lr, v, wd) -> new SgdSpec(lr, v.real("momentum"), v.real("dampening"), v.flag("nesterov"), wd));


    public SgdSpec {
        Check.positive("sgd lr", lr);
        Check.beta("sgd momentum", momentum);
        Check.fraction("sgd dampening", dampening);
        if (nesterov && (momentum == 0 || dampening != 0)) {
            throw new IllegalArgumentException("sgd nesterov needs momentum > 0 and dampening = 0, got momentum="
                    + momentum + ", dampening=" + dampening);
        }
    }

    @Override
    public String name() {
        return "sgd";
    }

    @Override
    public UpdateRule rule() {
        return new Rules.Sgd(momentum, dampening, nesterov);
    }

    @Override
    public SgdSpec withLr(double newLr) {
        return new SgdSpec(newLr, momentum, dampening, nesterov, weightDecay);
    }

    @Override
    public boolean hasMomentum() {
        return momentum > 0;
    }

    @Override
    public java.util.Map<String, Object> hyperparameters() {
        return OptimizerSpecs.ordered("momentum", momentum, "dampening", dampening, "nesterov", nesterov);
    }
}
