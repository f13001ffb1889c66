package io.sparkhpo.executors.optim;

import java.util.List;

/**
 * Adagrad (Duchi et al. 2011; torch.optim.Adagrad).
 *
 * @param lr                      α, {@code > 0}
 * @param lrDecay                 the rate is α/(1 + (t−1)·lrDecay); {@code >= 0}
 * @param initialAccumulatorValue the accumulator's start; {@code >= 0}
 * @param eps                     {@code > 0}
 */
public record AdagradSpec(double lr, double lrDecay, double initialAccumulatorValue, double eps,
                          WeightDecay weightDecay) implements OptimizerSpec {

    public static final double DEFAULT_LR = 1e-2;
    public static final double DEFAULT_EPS = 1e-10;

    /** {@code adagrad}; no decoupled alias. */
    public static final OptimizerType TYPE = new OptimizerType("adagrad", "Adagrad", java.util.Optional.of(DEFAULT_LR),
            List.of(RuleParam.LR_DECAY, RuleParam.INITIAL_ACCUMULATOR_VALUE, RuleParam.EPS.withDefault(DEFAULT_EPS)),
            false, 0.0, java.util.Map.of(),
            (lr, v, wd) -> new AdagradSpec(lr, v.real("lr_decay"), v.real("initial_accumulator_value"), v.real("eps"), wd));

    public AdagradSpec {
        Check.positive("adagrad lr", lr);
        Check.nonNegative("adagrad lr_decay", lrDecay);
        Check.nonNegative("adagrad initial_accumulator_value", initialAccumulatorValue);
        Check.positive("adagrad eps", eps);
    }

    @Override
    public String name() {
        return "adagrad";
    }

    @Override
    public UpdateRule rule() {
        return new Rules.Adagrad(lrDecay, initialAccumulatorValue, eps);
    }

    @Override
    public AdagradSpec withLr(double newLr) {
        return new AdagradSpec(newLr, lrDecay, initialAccumulatorValue, eps, weightDecay);
    }

    @Override
    public boolean hasMomentum() {
        return false;
    }

    @Override
    public java.util.Map<String, Object> hyperparameters() {
        return OptimizerSpecs.ordered("lr_decay", lrDecay, "initial_accumulator_value", initialAccumulatorValue, "eps", eps);
    }
}
