package io.sparkhpo.executors.train;

/**
 * One training step's measurements.
 *
 * @param loss     mean cross-entropy of the batch, before the step (no regularization term)
 * @param wrong    examples of the batch the forward pass misclassified
 * @param gradNorm global 2-norm of the gradient before clipping; NaN when the loss was not finite (no step taken)
 */
public record BatchResult(double loss, int wrong, double gradNorm) {
}
