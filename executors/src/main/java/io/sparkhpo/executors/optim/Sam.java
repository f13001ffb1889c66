package io.sparkhpo.executors.optim;

/**
 * Sharpness-aware minimization's ascent step (Foret et al. 2021) and its adaptive form ASAM (Kwon et al. 2021), as
 * pure functions of the parameters and the gradient at them. A SAM step evaluates the gradient g at θ, moves to
 * θ + ε, evaluates the gradient g' there, restores θ exactly, and lets the base optimizer step with g'; this class
 * computes ε:
 * <ul>
 * <li>SAM: ε = ρ · g / (‖g‖ + 1e-12);</li>
 * <li>ASAM: with T = |θ| + η elementwise (η = {@link #ASAM_ETA}), ε = ρ · T² g / (‖T g‖ + 1e-12).</li>
 * </ul>
 * The 1e-12 guards a zero gradient, as the reference implementation's does. Checked against a PyTorch transcription
 * of both papers (tools/golden/optimizers.py, {@code sam_cases}).
 */
public final class Sam {

    /** ASAM's η: keeps parameters at zero perturbable (the paper's default). */
    public static final double ASAM_ETA = 0.01;
    static final double GUARD = 1e-12;

    private Sam() {
    }

    /** Writes ε for {@code theta} and {@code grad} into {@code out}. */
    public static void perturbation(double[] theta, double[] grad, double rho, boolean adaptive, double[] out) {
        double norm = 0;
        for (int i = 0; i < grad.length; i++) {
            double s = adaptive ? (Math.abs(theta[i]) + ASAM_ETA) * grad[i] : grad[i];
            norm += s * s;
        }
        double scale = rho / (Math.sqrt(norm) + GUARD);
        for (int i = 0; i < grad.length; i++) {
            double t = adaptive ? Math.abs(theta[i]) + ASAM_ETA : 1;
            out[i] = scale * t * t * grad[i];
        }
    }

    /** As {@link #perturbation(double[], double[], double, boolean, double[])} in float32, as PyTorch computes it. */
    public static void perturbation(float[] theta, float[] grad, float rho, boolean adaptive, float[] out) {
        double norm = 0; // torch accumulates a float32 norm in double on the CPU
        for (int i = 0; i < grad.length; i++) {
            float s = adaptive ? (Math.abs(theta[i]) + (float) ASAM_ETA) * grad[i] : grad[i];
            norm += (double) s * s;
        }
        float denominator = (float) Math.sqrt(norm) + (float) GUARD;
        for (int i = 0; i < grad.length; i++) { // in PyTorch's order: ρ · T² g first, then the division
            float t = adaptive ? Math.abs(theta[i]) + (float) ASAM_ETA : 1f;
            out[i] = rho * t * t * grad[i] / denominator;
        }
    }
}
