package io.sparkhpo.search.sampler.gp;

import java.util.List;
import java.util.function.IntFunction;

/**
 * One step of Gaussian-process Bayesian optimization on encoded points ({@link Encoding}), free of any study: fit the
 * kernel on the observations ({@link KernelFit}), condition the GP, add the pending points at its posterior mean
 * (the kriging believer), and maximize log expected improvement ({@link Acquisition}) from quasi-random candidates,
 * the best of them and the best observation.
 */
public final class BayesOpt {

    private BayesOpt() {
    }

    /**
     * @param x          the observed points, encoded
     * @param values     their values, larger is better (not standardized)
     * @param pending    points being evaluated now, encoded (may be empty)
     * @param candidate  the i-th quasi-random point of the unit cube
     * @return the encoded point to evaluate next
     */
    public static double[] next(double[][] x, double[] values, double[][] pending, boolean[] categorical, int[] choices,
                                IntFunction<double[]> candidate, int candidates, int localSearches) {
        double[] y = standardize(values);
        KernelParams params = KernelFit.fit(x, y, categorical);
        GaussianProcess gp = GaussianProcess.condition(x, y, categorical, params);
        int bestIndex = 0;
        for (int i = 1; i < y.length; i++) {
            if (y[i] > y[bestIndex]) {
                bestIndex = i;
            }
        }
        if (pending.length > 0) {
            gp = believe(gp, x, y, pending, categorical, params);
        }
        return new Acquisition(gp, y[bestIndex], categorical, choices).maximize(candidate, candidates, localSearches,
                List.of(x[bestIndex]));
    }

    /**
     * The GP-bandit step PB2 takes: fits the kernel on the observations (continuous dimensions only) and returns the
     * index of the candidate with the largest upper confidence bound, posterior mean + {@code kappa} · standard
     * deviation (of the standardized values).
     *
     * @param values larger is better (not standardized)
     */
    public static int ucbArgmax(double[][] x, double[] values, double[][] candidates, double kappa) {
        double[] y = standardize(values);
        boolean[] continuous = new boolean[x[0].length];
        KernelParams params = KernelFit.fit(x, y, continuous);
        GaussianProcess gp = GaussianProcess.condition(x, y, continuous, params);
        int best = 0;
        double bestUcb = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < candidates.length; i++) {
            double[] mv = gp.posterior(candidates[i], null, null);
            double ucb = mv[0] + kappa * Math.sqrt(mv[1]);
            if (ucb > bestUcb) {
                bestUcb = ucb;
                best = i;
            }
        }
        return best;
    }

    /** The GP with the pending points added at its own posterior mean, the hyperparameters unchanged. */
    private static GaussianProcess believe(GaussianProcess gp, double[][] x, double[] y, double[][] pending,
                                           boolean[] categorical, KernelParams params) {
        int n = x.length;
        double[][] xs = java.util.Arrays.copyOf(x, n + pending.length);
        double[] ys = java.util.Arrays.copyOf(y, n + pending.length);
        for (int k = 0; k < pending.length; k++) {
            xs[n + k] = pending[k];
            ys[n + k] = gp.posterior(pending[k], null, null)[0];
        }
        return GaussianProcess.condition(xs, ys, categorical, params);
    }

    /** (v - mean) / sd; a constant history gives zeros. */
    static double[] standardize(double[] v) {
        double mean = 0;
        for (double d : v) {
            mean += d;
        }
        mean /= v.length;
        double var = 0;
        for (double d : v) {
            var += (d - mean) * (d - mean);
        }
        double sd = Math.sqrt(var / v.length);
        double[] y = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            y[i] = sd > 0 ? (v[i] - mean) / sd : 0;
        }
        return y;
    }
}
