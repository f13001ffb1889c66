package io.sparkhpo.executors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The loss behind the optimizer fixtures (tools/golden/optimizers.py): f_t(θ) = Σ a_i(θ_i − c_i)² + Σ z_{t,i}θ_i
 * with z_{t,i} = 0.5 sin(1.3t + 0.7i), t 1-based.
 */
public final class GoldenLoss {

    public static final JsonNode FIXTURE = Golden.load("optimizers.json");
    public static final double[] A = Golden.doubles(FIXTURE.at("/loss/a"));
    public static final double[] C = Golden.doubles(FIXTURE.at("/loss/c"));
    public static final double[] THETA0 = Golden.doubles(FIXTURE.at("/loss/theta0"));

    private GoldenLoss() {
    }

    /** ∇f_t(θ) = 2a(θ − c) + z_t. */
    public static double[] gradient(double[] theta, long t) {
        double[] g = new double[theta.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = 2 * A[i] * (theta[i] - C[i]) + 0.5 * Math.sin(1.3 * t + 0.7 * i);
        }
        return g;
    }

    /** The same in float32: θ widened, the gradient rounded. */
    public static float[] gradient(float[] theta, long t) {
        double[] th = new double[theta.length];
        for (int i = 0; i < th.length; i++) {
            th[i] = theta[i];
        }
        double[] g = gradient(th, t);
        float[] out = new float[g.length];
        for (int i = 0; i < g.length; i++) {
            out[i] = (float) g[i];
        }
        return out;
    }
}
