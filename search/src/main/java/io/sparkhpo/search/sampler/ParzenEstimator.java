package io.sparkhpo.search.sampler;

import io.sparkhpo.search.space.Transform;
import io.sparkhpo.search.space.Distribution;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * TPE's density over several parameters: a weighted mixture with one kernel per observation plus a prior
 * kernel, every kernel a product over parameters (Optuna 3.1's {@code _ParzenEstimator}). Numeric parameters are
 * truncated normals on the parameter's own scale (log for log ranges), discretized into bins of {@code step} for
 * integers and stepped floats; categoricals are smoothed one-hot vectors.
 *
 * <p>Bandwidths: univariately each kernel's is the larger distance to its sorted neighbours (Optuna's rule, endpoints
 * not considered); jointly (multivariate TPE) a common Scott-like bandwidth {@code 0.2 n^(-1/(d+4))} of the range.
 * Both are clipped to [range / min(100, n + 1), range] (the "magic clip"); the prior kernel sits at the centre
 * with the whole range as its bandwidth.
 *
 * <p>As in Optuna 3.1, a continuous kernel's log density is that of the <em>standardized</em> truncated normal,
 * {@code log φ(z) − log(mass in range)} without the {@code − log σ} term (Optuna 3.1's {@code _truncnorm.logpdf}).
 * This weights wide kernels, the prior above all, more than a true density would. It is deliberate: with the true
 * density our multivariate TPE was clearly worse than Optuna's on Hartmann-6 (median best −2.99 against −3.11 after
 * 100 trials, 12 seeds) and with this form it matches it; the sampler benchmark ({@code sparkhpo bench-search})
 * measures it. Golden tests compare these log densities with Optuna 3.1's own estimator.
 */
final class ParzenEstimator {

    private final Transform[] scales;
    private final double[] logWeights; // per kernel (observations, then the prior)
    private final double[][] mu;       // [param][kernel]
    private final double[][] sigma;    // [param][kernel]
    private final double[][] logNorm;  // [param][kernel]: −log of the kernel's mass inside the range
    private final double[][] logConst; // [param][kernel]: logNorm − log σ − log √(2π), the continuous kernel's constant
    private final double[][] invSigma; // [param][kernel]
    private final double[][][] catLogP; // [param][kernel][choice]

    /**
     * @param scales       the parameters
     * @param observations [observation][param] points on the scales
     * @param weights      one per observation (unnormalized), e.g. {@link #defaultWeights}
     * @param multivariate whether bandwidths are the joint rule
     * @param priorWeight  the prior kernel's weight (Optuna's default 1.0)
     */
    ParzenEstimator(Transform[] scales, double[][] observations, double[] weights, boolean multivariate, double priorWeight) {
        this.scales = scales;
        int n = observations.length;
        int kernels = n + 1;
        int dims = scales.length;
        double total = priorWeight;
        for (double w : weights) {
            total += w;
        }
        logWeights = new double[kernels];
        for (int k = 0; k < n; k++) {
            logWeights[k] = Math.log(weights[k] / total);
        }
        logWeights[n] = Math.log(priorWeight / total);
        mu = new double[dims][];
        sigma = new double[dims][];
        logNorm = new double[dims][];
        logConst = new double[dims][];
        invSigma = new double[dims][];
        catLogP = new double[dims][][];
        for (int p = 0; p < dims; p++) {
            Transform s = scales[p];
            if (s.categorical()) {
                int c = s.choices();
                catLogP[p] = new double[kernels][c];
                for (int k = 0; k < kernels; k++) {
                    double[] row = new double[c];
                    Arrays.fill(row, priorWeight / kernels);
                    if (k < n) {
                        row[(int) observations[k][p]] += 1;
                    }
                    double sum = Arrays.stream(row).sum();
                    for (int j = 0; j < c; j++) {
                        catLogP[p][k][j] = Math.log(row[j] / sum);
                    }
                }
                continue;
            }
            double range = s.high() - s.low();
            double[] m = new double[kernels];
            for (int k = 0; k < n; k++) {
                m[k] = observations[k][p];
            }
            m[n] = 0.5 * (s.low() + s.high());
            double[] sg = new double[kernels];
            if (multivariate) {
                Arrays.fill(sg, 0.2 * Math.pow(Math.max(n, 1), -1.0 / (dims + 4)) * range);
            } else {
                // rank of each kernel in a stable sort of m (ties by kernel index), without boxing
                double[] sortedM = m.clone();
                Arrays.sort(sortedM);
                int[] rank = new int[kernels];
                int[] taken = new int[kernels];
                for (int k = 0; k < kernels; k++) {
                    int first = lowerBound(sortedM, m[k]);
                    rank[k] = first + taken[first]++;
                }
                double[] sorted = new double[kernels + 2];
                sorted[0] = s.low();
                sorted[kernels + 1] = s.high();
                System.arraycopy(sortedM, 0, sorted, 1, kernels);
                double[] ss = new double[kernels];
                for (int k = 0; k < kernels; k++) {
                    ss[k] = Math.max(sorted[k + 1] - sorted[k], sorted[k + 2] - sorted[k + 1]);
                }
                if (kernels + 2 >= 4) { // endpoints not considered: the extremes look only inwards
                    ss[0] = sorted[2] - sorted[1];
                    ss[kernels - 1] = sorted[kernels] - sorted[kernels - 1];
                }
                for (int k = 0; k < kernels; k++) {
                    sg[k] = ss[rank[k]];
                }
            }
            double maxSigma = range;
            double minSigma = range / Math.min(100.0, 1.0 + kernels);
            for (int k = 0; k < kernels; k++) {
                sg[k] = Math.min(maxSigma, Math.max(minSigma, sg[k]));
            }
            sg[n] = range; // the prior
            if (range == 0) {
                Arrays.fill(sg, 1.0); // a single-valued range: every kernel is the same point
            }
            double[] ln = new double[kernels];
            for (int k = 0; k < kernels; k++) {
                double a = (s.low() - m[k]) / sg[k];
                double b = (s.high() - m[k]) / sg[k];
                // both bounds beyond 9 σ: the mass misses 1 by less than 1e-18, below double precision
                ln[k] = a < -9 && b > 9 ? 0 : -Math.log(Math.max(Normal.mass(a, b), 1e-300));
            }
            mu[p] = m;
            sigma[p] = sg;
            logNorm[p] = ln;
            logConst[p] = new double[kernels];
            invSigma[p] = new double[kernels];
            for (int k = 0; k < kernels; k++) {
                logConst[p][k] = ln[k] - Normal.LOG_SQRT_2PI; // no −log σ: see the class comment
                invSigma[p][k] = 1 / sg[k];
            }
        }
    }

    /** Optuna's {@code default_weights}: flat for the 25 newest observations, a ramp from 1/n up to 1 for older ones. */
    static double[] defaultWeights(int n) {
        double[] w = new double[n];
        if (n < 25) {
            Arrays.fill(w, 1.0);
            return w;
        }
        int ramp = n - 25;
        for (int i = 0; i < ramp; i++) {
            w[i] = ramp == 1 ? 1.0 / n : 1.0 / n + (1 - 1.0 / n) * i / (ramp - 1);
        }
        for (int i = ramp; i < n; i++) {
            w[i] = 1.0;
        }
        return w;
    }

    int kernels() {
        return logWeights.length;
    }

    /** {@code count} points drawn from the mixture: a kernel by weight, then each parameter from that kernel. */
    double[][] sample(SplittableRandom rng, int count) {
        double[] cumulative = new double[kernels()];
        double acc = 0;
        for (int k = 0; k < kernels(); k++) {
            acc += Math.exp(logWeights[k]);
            cumulative[k] = acc;
        }
        double[][] out = new double[count][scales.length];
        for (int i = 0; i < count; i++) {
            double u = rng.nextDouble() * acc;
            int k = 0;
            while (k < kernels() - 1 && cumulative[k] <= u) {
                k++;
            }
            for (int p = 0; p < scales.length; p++) {
                out[i][p] = sampleParam(rng, p, k);
            }
        }
        return out;
    }

    private double sampleParam(SplittableRandom rng, int p, int k) {
        Transform s = scales[p];
        if (s.categorical()) {
            double u = rng.nextDouble();
            double acc = 0;
            double[] lp = catLogP[p][k];
            for (int j = 0; j < lp.length; j++) {
                acc += Math.exp(lp[j]);
                if (u < acc) {
                    return j;
                }
            }
            return lp.length - 1;
        }
        double m = mu[p][k];
        double sg = sigma[p][k];
        double x;
        if (s.high() == s.low()) {
            x = s.low();
        } else {
            double a = Normal.cdf((s.low() - m) / sg);
            double b = Normal.cdf((s.high() - m) / sg);
            if (b - a < 1e-12) {
                x = s.low() + rng.nextDouble() * (s.high() - s.low()); // the kernel's mass in range underflows
            } else {
                double u = a + rng.nextDouble() * (b - a);
                x = m + sg * Normal.inverseCdf(Math.min(Math.max(u, Double.MIN_NORMAL), 1 - 1e-16));
            }
            x = Math.min(s.high(), Math.max(s.low(), x));
        }
        if (s.step() > 0) { // to the centre of its bin
            double base = s.low() + s.step() / 2;
            long j = Math.round((x - base) / s.step());
            x = base + Math.max(0, Math.min(j, Math.round((s.high() - s.low()) / s.step()) - 1)) * s.step();
        }
        return x;
    }

    /** log density (mass, for discrete parameters) of each point under the mixture. */
    double[] logPdf(double[][] points) {
        double[] out = new double[points.length];
        double[] terms = new double[kernels()];
        for (int i = 0; i < points.length; i++) {
            for (int k = 0; k < kernels(); k++) {
                double lp = logWeights[k];
                for (int p = 0; p < scales.length; p++) {
                    lp += logKernel(p, k, points[i][p]);
                }
                terms[k] = lp;
            }
            out[i] = logSumExp(terms);
        }
        return out;
    }

    private double logKernel(int p, int k, double x) {
        Transform s = scales[p];
        if (s.categorical()) {
            return catLogP[p][k][(int) x];
        }
        if (s.high() == s.low()) {
            return 0;
        }
        double m = mu[p][k];
        double sg = sigma[p][k];
        if (s.step() > 0) {
            double lo = Math.max(s.low(), x - s.step() / 2);
            double hi = Math.min(s.high(), x + s.step() / 2);
            return Math.log(Math.max(Normal.mass((lo - m) / sg, (hi - m) / sg), 1e-300)) + logNorm[p][k];
        }
        double z = (x - m) * invSigma[p][k];
        return -0.5 * z * z + logConst[p][k];
    }

    /** The first index whose value is >= {@code x} in a sorted array. */
    private static int lowerBound(double[] sorted, double x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    static double logSumExp(double[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            max = Math.max(max, x);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (double x : v) {
            if (x > max - 40) { // e^-40 of the largest term: below double precision of the sum
                sum += Math.exp(x - max);
            }
        }
        return max + Math.log(sum);
    }

    static Transform[] scales(List<Distribution> dists) {
        return dists.stream().map(Transform::of).toArray(Transform[]::new);
    }
}
