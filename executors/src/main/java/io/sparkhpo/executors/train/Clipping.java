package io.sparkhpo.executors.train;

import java.io.Serializable;

/**
 * Gradient clipping before the optimizer step (after backward), as PyTorch's {@code clip_grad_value_} then
 * {@code clip_grad_norm_} (2-norm over all trainable parameters, scaled by max_norm / (norm + 1e-6) when above).
 * Infinity turns a bound off.
 *
 * @param maxNorm  bound on the gradient's global 2-norm, {@code > 0}
 * @param maxValue bound on each element's magnitude, {@code > 0}
 */
public record Clipping(double maxNorm, double maxValue) implements Serializable {

    public static final Clipping NONE = new Clipping(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);

    public Clipping {
        if (!(maxNorm > 0) || !(maxValue > 0)) {
            throw new IllegalArgumentException("clipping bounds must be > 0, got max_norm=" + maxNorm + ", max_value="
                    + maxValue);
        }
    }

    /**
     * Clips {@code grad[0, n)} in place and returns its 2-norm before clipping (the value logged per epoch).
     */
    public double apply(float[] grad, int n) {
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            sumSq += (double) grad[i] * grad[i];
        }
        double norm = Math.sqrt(sumSq);
        if (maxValue != Double.POSITIVE_INFINITY) {
            float v = (float) maxValue;
            sumSq = 0;
            for (int i = 0; i < n; i++) {
                grad[i] = Math.max(-v, Math.min(v, grad[i]));
                sumSq += (double) grad[i] * grad[i];
            }
        }
        if (maxNorm != Double.POSITIVE_INFINITY) {
            double clipped = Math.sqrt(sumSq);
            double coef = maxNorm / (clipped + 1e-6);
            if (coef < 1) {
                for (int i = 0; i < n; i++) {
                    grad[i] = (float) (grad[i] * coef);
                }
            }
        }
        return norm;
    }
}
