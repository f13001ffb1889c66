package io.sparkhpo.executors.optim;

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
}
