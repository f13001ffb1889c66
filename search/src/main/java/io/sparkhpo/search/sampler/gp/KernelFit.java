package io.sparkhpo.search.sampler.gp;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.dense.row.linsol.chol.LinearSolverChol_DDRM;

/**
 * Fits the kernel's hyperparameters by maximizing the log marginal likelihood plus the log priors Optuna's GP sampler
 * uses (so that short, noisy histories do not give absurd length scales or noise): on each inverse squared length
 * scale θ, {@code -(0.1/θ + 0.1·θ)}; on the scale, Gamma(2, 1); on the noise variance, Gamma(1.1, 30). The gradient
 * is analytic (Rasmussen and Williams 2006, eq. 5.9: {@code ½ tr((ααᵀ - K⁻¹) ∂K/∂p)}); the optimizer is
 * {@link BoxLbfgs} on the log parameters from a fixed start.
 */
final class KernelFit {

    private static final double LOG_2PI = Math.log(2 * Math.PI);
    private static final double BOUND = Math.log(1e4);

    private KernelFit() {
    }

    static KernelParams fit(double[][] x, double[] y, boolean[] categorical) {
        int dims = categorical.length;
        double[][][] delta = deltas(x, categorical);
        double[] low = new double[dims + 2];
        double[] high = new double[dims + 2];
        java.util.Arrays.fill(low, -BOUND);
        java.util.Arrays.fill(high, BOUND);
        low[dims + 1] = Math.log(1e-9);
        high[dims + 1] = Math.log(10);
        BoxLbfgs.Result r = new BoxLbfgs(200, 1e-2, 1e-9).minimize(
                (raw, grad) -> negativeLogPosterior(raw, delta, y, grad), KernelParams.initial(dims).raw(), low, high);
        return KernelParams.fromRaw(r.x());
    }

    /** δ_d(x_i, x_j) for every pair and dimension: [i][j][d]. */
    static double[][][] deltas(double[][] x, boolean[] categorical) {
        int n = x.length;
        double[][][] delta = new double[n][n][];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double[] dd = new double[categorical.length];
                for (int d = 0; d < dd.length; d++) {
                    dd[d] = Matern52.delta(x[i][d], x[j][d], categorical[d]);
                }
                delta[i][j] = dd;
                delta[j][i] = dd;
            }
        }
        return delta;
    }

    /** -(log marginal likelihood + log prior) at the log parameters {@code raw}; its gradient into {@code grad}. */
    static double negativeLogPosterior(double[] raw, double[][][] delta, double[] y, double[] grad) {
        KernelParams p = KernelParams.fromRaw(raw);
        int n = y.length;
        int dims = raw.length - 2;
        double[] isl = p.inverseSquaredLengthScales();
        double[][] r2 = new double[n][n];
        DMatrixRMaj k = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                double[] dd = delta[i][j];
                for (int d = 0; d < dims; d++) {
                    s += isl[d] * dd[d];
                }
                r2[i][j] = s;
                r2[j][i] = s;
                double v = p.scale() * Matern52.value(s);
                k.unsafe_set(i, j, v);
                k.unsafe_set(j, i, v);
            }
            k.unsafe_set(i, i, k.unsafe_get(i, i) + p.noise());
        }
        LinearSolverChol_DDRM solver = (LinearSolverChol_DDRM) LinearSolverFactory_DDRM.symmPosDef(n);
        if (!solver.setA(k)) {
            java.util.Arrays.fill(grad, 0);
            return Double.POSITIVE_INFINITY;
        }
        DMatrixRMaj t = solver.getDecomposition().getT(null);
        double logDet = 0;
        for (int i = 0; i < n; i++) {
            logDet += 2 * Math.log(t.unsafe_get(i, i));
        }
        DMatrixRMaj alphaM = new DMatrixRMaj(n, 1);
        solver.solve(new DMatrixRMaj(n, 1, true, y), alphaM);
        double[] alpha = alphaM.data;
        DMatrixRMaj kinv = new DMatrixRMaj(n, n);
        solver.invert(kinv);
        double fit = 0;
        for (int i = 0; i < n; i++) {
            fit += y[i] * alpha[i];
        }
        double lml = -0.5 * fit - 0.5 * logDet - 0.5 * n * LOG_2PI;

        java.util.Arrays.fill(grad, 0);
        double traceW = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double w = alpha[i] * alpha[j] - kinv.unsafe_get(i, j);
                double s2 = r2[i][j];
                grad[dims] += 0.5 * w * p.scale() * Matern52.value(s2);
                double g = 0.5 * w * p.scale() * Matern52.derivative(s2);
                double[] dd = delta[i][j];
                for (int d = 0; d < dims; d++) {
                    grad[d] += g * isl[d] * dd[d];
                }
                if (i == j) {
                    traceW += w;
                }
            }
        }
        grad[dims + 1] = 0.5 * traceW * (p.noise() - KernelParams.MIN_NOISE);

        double prior = 0;
        for (int d = 0; d < dims; d++) {
            prior -= 0.1 / isl[d] + 0.1 * isl[d];
            grad[d] += 0.1 / isl[d] - 0.1 * isl[d];
        }
        prior += Math.log(p.scale()) - p.scale(); // Gamma(2, 1)
        grad[dims] += 1 - p.scale();
        prior += 0.1 * Math.log(p.noise()) - 30 * p.noise(); // Gamma(1.1, 30)
        grad[dims + 1] += (0.1 / p.noise() - 30) * (p.noise() - KernelParams.MIN_NOISE);
        for (int i = 0; i < grad.length; i++) {
            grad[i] = -grad[i];
        }
        return -(lml + prior);
    }
}
