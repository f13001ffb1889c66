package io.sparkhpo.executors.optim;

import java.util.OptionalDouble;

/**
 * What one optimizer step needs besides the arrays.
 *
 * @param t        the step number, 1-based (as PyTorch's {@code state['step']} after its increment)
 * @param lr       the learning rate for this step: the base rate times the schedule multiplier η_t
 * @param momentum a schedule's override of the momentum (SGD, RMSprop) or β1 (Adam family) for this step,
 *                 as PyTorch's CyclicLR and OneCycleLR set it; empty to use the optimizer's own
 */
public record Step(long t, double lr, OptionalDouble momentum) {

    public Step {
        if (t < 1) {
            throw new IllegalArgumentException("Step.t is 1-based, got " + t);
        }
    }

    public static Step of(long t, double lr) {
        return new Step(t, lr, OptionalDouble.empty());
    }
}
