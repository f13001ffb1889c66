package io.sparkhpo.executors.train;

import io.sparkhpo.executors.optim.DoubleOps;
import io.sparkhpo.executors.optim.Update;

import java.io.Serializable;
import java.util.List;

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
     * Clips {@code grad[0, n)} in place (by {@link Update#clip}, the engines' code, in float64) and returns its
     * 2-norm before clipping.
     */
    public double apply(float[] grad, int n) {
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = grad[i];
        }
        double norm = Update.clip(DoubleOps.INSTANCE, List.of(g), maxNorm, maxValue);
        for (int i = 0; i < n; i++) {
            grad[i] = (float) g[i];
        }
        return norm;
    }
}
