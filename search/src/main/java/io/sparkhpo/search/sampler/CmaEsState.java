package io.sparkhpo.search.sampler;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The search distribution N(m, σ² C) and its evolution paths, updated as the {@code cmaes} library (0.9, which
 * Optuna's {@code CmaEsSampler} uses) does: all λ solutions weighted, the worse half negatively (active CMA,
 * Hansen 2016's tutorial, eqs. 48-54), c_m = 1.
 */
final class CmaEsState {
    final int n;
    final int lambda;
    final int mu;
    final double mueff;
    final double cc;
    final double cs;
    final double c1;
    final double cmu;
    final double damps;
    final double chiN;
    final double minAlpha;
    double[] mean;
    double sigma;
    double[][] c;
    double[] pc;
    double[] ps;
    double[][] b; // eigenvectors of C, in columns
    double[] dd;  // square roots of C's eigenvalues

    /** @param scale each dimension's initial standard deviation relative to σ (Optuna: min range / range) */
    CmaEsState(int n, double sigma0, double[] scale) {
        this.n = n;
        lambda = CmaEsSampler.populationSize(n);
        mu = lambda / 2;
        double[] wp = primeWeights(lambda);
        double pos = 0;
        double pos2 = 0;
        double neg = 0;
        double neg2 = 0;
        for (int i = 0; i < lambda; i++) {
            if (i < mu) {
                pos += wp[i];
                pos2 += wp[i] * wp[i];
            } else {
                neg += wp[i];
                neg2 += wp[i] * wp[i];
            }
        }
        mueff = pos * pos / pos2;
        double mueffMinus = neg2 == 0 ? 0 : neg * neg / neg2;
        c1 = 2 / ((n + 1.3) * (n + 1.3) + mueff);
        cmu = Math.min(1 - c1 - 1e-8, 2 * (mueff - 2 + 1 / mueff) / ((n + 2) * (n + 2) + 2 * mueff / 2));
        minAlpha = Math.min(1 + c1 / cmu, Math.min(1 + 2 * mueffMinus / (mueff + 2), (1 - c1 - cmu) / (n * cmu)));
        cs = (mueff + 2) / (n + mueff + 5);
        damps = 1 + 2 * Math.max(0, Math.sqrt((mueff - 1) / (n + 1)) - 1) + cs;
        cc = (4 + mueff / n) / (n + 4 + 2 * mueff / n);
        chiN = Math.sqrt(n) * (1 - 1.0 / (4 * n) + 1.0 / (21.0 * n * n));
        mean = new double[n];
        java.util.Arrays.fill(mean, 0.5);
        sigma = sigma0;
        c = new double[n][n];
        b = identity(n);
        dd = new double[n];
        for (int i = 0; i < n; i++) {
            c[i][i] = scale[i] * scale[i];
            dd[i] = scale[i];
        }
        pc = new double[n];
        ps = new double[n];
    }

    /** ln((λ + 1) / 2) − ln(i + 1), i = 0..λ−1. */
    static double[] primeWeights(int lambda) {
        double[] w = new double[lambda];
        for (int i = 0; i < lambda; i++) {
            w[i] = Math.log((lambda + 1) / 2.0) - Math.log(i + 1);
        }
        return w;
    }

    /** The recombination weights for {@code k} ranked solutions: positive ones sum to 1, negative ones to −α_min. */
    double[] weights(int k) {
        double[] wp = primeWeights(k);
        double pos = 0;
        double neg = 0;
        for (double w : wp) {
            if (w >= 0) {
                pos += w;
            } else {
                neg -= w;
            }
        }
        double[] w = new double[k];
        for (int i = 0; i < k; i++) {
            w[i] = wp[i] >= 0 ? wp[i] / pos : minAlpha / neg * wp[i];
        }
        return w;
    }

    static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i][i] = 1;
        }
        return m;
    }

    /** A point of N(m, σ²C) inside the unit cube (up to 100 redraws, then clipped). */
    double[] draw(SplittableRandom rng) {
        double[] x = new double[n];
        for (int attempt = 0; attempt < 100; attempt++) {
            double[] z = new double[n];
            for (int i = 0; i < n; i++) {
                z[i] = gaussian(rng) * dd[i];
            }
            boolean inside = true;
            for (int i = 0; i < n; i++) {
                double y = 0;
                for (int j = 0; j < n; j++) {
                    y += b[i][j] * z[j];
                }
                x[i] = mean[i] + sigma * y;
                inside &= x[i] >= 0 && x[i] <= 1;
            }
            if (inside) {
                return x;
            }
        }
        for (int i = 0; i < n; i++) {
            x[i] = Math.min(1, Math.max(0, x[i]));
        }
        return x;
    }

    private static double gaussian(SplittableRandom rng) { // Box-Muller: reproducible, unlike Random's cached pair
        double u1 = rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    /**
     * One generation's update from its points, best first (normally λ of them; when some failed, the weights are
     * those of a population of the ones that completed). Fewer than two points leave the state as it is.
     */
    void update(List<double[]> ranked, int generation) {
        int k = ranked.size();
        if (k < 2) {
            return;
        }
        double[] w = weights(k);
        double[][] y = new double[k][n];
        for (int r = 0; r < k; r++) {
            for (int j = 0; j < n; j++) {
                y[r][j] = (ranked.get(r)[j] - mean[j]) / sigma;
            }
        }
        double[] yw = new double[n];
        for (int r = 0; r < Math.min(mu, k); r++) {
            if (w[r] > 0) {
                for (int j = 0; j < n; j++) {
                    yw[j] += w[r] * y[r][j];
                }
            }
        }
        for (int j = 0; j < n; j++) {
            mean[j] += sigma * yw[j];
        }
        double[] cInvHalfYw = invSqrtTimes(yw);
        double norm = 0;
        for (int i = 0; i < n; i++) {
            ps[i] = (1 - cs) * ps[i] + Math.sqrt(cs * (2 - cs) * mueff) * cInvHalfYw[i];
            norm += ps[i] * ps[i];
        }
        norm = Math.sqrt(norm);
        sigma *= Math.exp((cs / damps) * (norm / chiN - 1));
        sigma = Math.min(sigma, 1e32);
        // the library counts generations from 1 after this tell, and tests against (g + 1)
        boolean hsig = norm / Math.sqrt(1 - Math.pow(1 - cs, 2.0 * (generation + 2))) < (1.4 + 2.0 / (n + 1)) * chiN;
        for (int i = 0; i < n; i++) {
            pc[i] = (1 - cc) * pc[i] + (hsig ? Math.sqrt(cc * (2 - cc) * mueff) * yw[i] : 0);
        }
        double[] wio = new double[k];
        double wsum = 0;
        for (int r = 0; r < k; r++) {
            wsum += w[r];
            if (w[r] >= 0) {
                wio[r] = w[r];
            } else {
                double[] t = invSqrtTimes(y[r]);
                double nn = 0;
                for (double v : t) {
                    nn += v * v;
                }
                wio[r] = w[r] * n / (nn + 1e-8);
            }
        }
        double deltaH = hsig ? 0 : cc * (2 - cc);
        double keep = 1 + c1 * deltaH - c1 - cmu * wsum;
        double[][] next = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double rankMu = 0;
                for (int r = 0; r < k; r++) {
                    rankMu += wio[r] * y[r][i] * y[r][j];
                }
                next[i][j] = keep * c[i][j] + c1 * pc[i] * pc[j] + cmu * rankMu;
            }
        }
        c = next;
        eigen();
    }

    /** C^{-1/2} v = B D^{-1} Bᵀ v. */
    private double[] invSqrtTimes(double[] v) {
        double[] bt = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                bt[i] += b[j][i] * v[j];
            }
            bt[i] /= dd[i];
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out[i] += b[i][j] * bt[j];
            }
        }
        return out;
    }

    /** B and D from C by cyclic Jacobi rotations (C is small and symmetric). */
    void eigen() {
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = 0.5 * (c[i][j] + c[j][i]);
            }
        }
        double[][] v = identity(n);
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    off += a[i][j] * a[i][j];
                }
            }
            if (off < 1e-30) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (Math.abs(a[p][q]) < 1e-300) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double cos = 1 / Math.sqrt(t * t + 1);
                    double sin = t * cos;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = cos * akp - sin * akq;
                        a[k][q] = sin * akp + cos * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = cos * apk - sin * aqk;
                        a[q][k] = sin * apk + cos * aqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k][p];
                        double vkq = v[k][q];
                        v[k][p] = cos * vkp - sin * vkq;
                        v[k][q] = sin * vkp + cos * vkq;
                    }
                }
            }
        }
        b = v;
        for (int i = 0; i < n; i++) {
            dd[i] = Math.sqrt(Math.max(a[i][i], 1e-20));
        }
    }
}
