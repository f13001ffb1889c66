package io.sparkhpo.executors.optim;

import java.util.OptionalDouble;

/**
 * The scheduled quantities of one step.
 *
 * @param lr          learning rate α·η_t
 * @param eta         the schedule multiplier η_t (scales the decay in {@link WeightDecayMode#DECOUPLED})
 * @param weightDecay λ for this step (already normalized, see {@link WeightDecay#lambda})
 * @param momentum    a schedule's momentum / β1 for this step, if it cycles momentum
 */
public record StepPlan(double lr, double eta, double weightDecay, OptionalDouble momentum) {

    public static StepPlan constant(double lr, double weightDecay) {
        return new StepPlan(lr, 1.0, weightDecay, OptionalDouble.empty());
    }
}
