package io.sparkhpo.search.sampler.gp;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * A Gaussian process with zero mean and the {@link Matern52} kernel, conditioned on observations {@code y} at
 * points {@code x} (Rasmussen and Williams 2006, algorithm 2.1): {@code K = s·M + noise·I}, {@code α = K⁻¹y}. The
 * Cholesky factorization and the inverse come from EJML. Posterior mean and variance of f (without noise) at a point,
 * with their gradients in the point's numeric dimensions.
 */
final class GaussianProcess {

    private final double[][] x;
    private final boolean[] categorical;
    private final KernelParams params;
    private final double[] alpha;
    private final double[] kinv; // row-major n x n
    private final int n;

    private GaussianProcess(double[][] x, boolean[] categorical, KernelParams params, double[] alpha, double[] kinv) {
        this.x = x;
        this.categorical = categorical;
        this.params = params;
        this.alpha = alpha;
        this.kinv = kinv;
        this.n = x.length;
    }

    /** @throws IllegalStateException when the kernel matrix is not positive definite even with the noise term */
    static GaussianProcess condition(double[][] x, double[] y, boolean[] categorical, KernelParams params) {
        int n = x.length;
        DMatrixRMaj k = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = params.scale() * Matern52.value(Matern52.r2(x[i], x[j], params.inverseSquaredLengthScales(), categorical));
                k.unsafe_set(i, j, v);
                k.unsafe_set(j, i, v);
            }
            k.unsafe_set(i, i, k.unsafe_get(i, i) + params.noise());
        }
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.symmPosDef(n);
        if (!solver.setA(k)) {
            throw new IllegalStateException("the GP's kernel matrix is not positive definite");
        }
        DMatrixRMaj a = new DMatrixRMaj(n, 1);
        solver.solve(new DMatrixRMaj(n, 1, true, y), a);
        DMatrixRMaj inv = new DMatrixRMaj(n, n);
        solver.invert(inv);
        return new GaussianProcess(x, categorical, params, a.data, inv.data);
    }

    int size() {
        return n;
    }

    /**
     * The posterior mean and variance of f at {@code point}; with non-null {@code dMean} and {@code dVar}, also their
     * gradients (zero in categorical dimensions).
     *
     * @return {mean, variance}, the variance at least 1e-12 of the kernel's scale
     */
    double[] posterior(double[] point, double[] dMean, double[] dVar) {
        double[] isl = params.inverseSquaredLengthScales();
        double s = params.scale();
        double[] kx = new double[n];
        double[] dk = dMean == null ? null : new double[n];
        for (int i = 0; i < n; i++) {
            double r2 = Matern52.r2(point, x[i], isl, categorical);
            kx[i] = s * Matern52.value(r2);
            if (dk != null) {
                dk[i] = s * Matern52.derivative(r2);
            }
        }
        double mean = 0;
        double quad = 0;
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            mean += kx[i] * alpha[i];
            double wi = 0;
            int row = i * n;
            for (int j = 0; j < n; j++) {
                wi += kinv[row + j] * kx[j];
            }
            w[i] = wi;
            quad += kx[i] * wi;
        }
        double var = Math.max(1e-12 * s, s - quad);
        if (dMean != null) {
            int dims = point.length;
            java.util.Arrays.fill(dMean, 0);
            java.util.Arrays.fill(dVar, 0);
            for (int i = 0; i < n; i++) {
                double[] xi = x[i];
                for (int d = 0; d < dims; d++) {
                    if (categorical[d]) {
                        continue;
                    }
                    double dkd = dk[i] * 2 * isl[d] * (point[d] - xi[d]); // d k(point, x_i) / d point_d
                    dMean[d] += alpha[i] * dkd;
                    dVar[d] -= 2 * w[i] * dkd;
                }
            }
        }
        return new double[]{mean, var};
    }
}
