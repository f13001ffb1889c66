package io.sparkhpo.search.sampler;

import io.sparkhpo.search.space.CategoricalDistribution;
import io.sparkhpo.search.space.Distribution;
import io.sparkhpo.search.space.SearchSpace;
import io.sparkhpo.search.study.Direction;
import io.sparkhpo.search.trial.TrialHistory;
import io.sparkhpo.search.trial.TrialSnapshot;
import io.sparkhpo.search.trial.TrialState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * CMA-ES (Hansen's (μ/μ_w, λ)-CMA-ES with rank-one and rank-μ updates and cumulative step-size adaptation) over
 * the unconditional numeric parameters, mapped to the unit cube by {@link Distribution#toUnit}. Categorical and
 * conditional parameters are drawn at random, as Optuna's {@code CmaEsSampler} does with its independent sampler.
 *
 * <p>Stateless between asks: trial {@code n} belongs to generation {@code n / λ}, and the search distribution of a
 * generation is rebuilt by replaying the updates of the earlier generations from the history (each from its
 * COMPLETE trials; a generation with fewer than two is skipped). The trial's draw comes from a stream seeded by
 * {@code (seed, n)}. With trials told in order, a resumed study therefore asks exactly what the uninterrupted one
 * would; with parallel trials, a generation asked before the previous one finished uses what had finished.
 */
public final class CmaEsSampler implements Sampler {

    private final long seed;
    private final RandomSampler fallback;
    private final double sigma0;

    /** Starts at the centre of the space with σ = 1/6 of each range (Optuna's default). */
    public CmaEsSampler(long seed) {
        this(seed, 1.0 / 6);
    }

    public CmaEsSampler(long seed, double sigma0) {
        if (!(sigma0 > 0 && sigma0 <= 1)) {
            throw new IllegalArgumentException("CmaEsSampler.sigma0 must be in (0, 1], got " + sigma0);
        }
        this.seed = seed;
        this.sigma0 = sigma0;
        this.fallback = new RandomSampler(seed);
    }

    /** λ = 4 + floor(3 ln d). */
    static int populationSize(int d) {
        return 4 + (int) Math.floor(3 * Math.log(Math.max(1, d)));
    }

    @Override
    public Map<String, Object> sample(SearchSpace space, int trialNumber, TrialHistory history) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, Distribution> e : space.params().entrySet()) {
            if (!(e.getValue() instanceof CategoricalDistribution) && !space.conditions().containsKey(e.getKey())) {
                names.add(e.getKey());
            }
        }
        Map<String, Object> random = fallback.sample(space, trialNumber, history);
        if (names.isEmpty()) {
            return random;
        }
        int d = names.size();
        int lambda = populationSize(d);
        State state = new State(d, sigma0);
        int generation = trialNumber / lambda;
        for (int g = 0; g < generation; g++) {
            state.update(generationTrials(history, names, space, g, lambda), g);
        }
        double[] x = state.draw(new SplittableRandom(RandomSampler.mix(seed ^ 0xC3AL, trialNumber)));
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> chosen = new LinkedHashMap<>();
        for (int i = 0; i < d; i++) {
            chosen.put(names.get(i), space.get(names.get(i)).fromUnit(Math.min(x[i], Math.nextDown(1.0))));
        }
        for (String name : space.names()) {
            if (chosen.containsKey(name)) {
                out.put(name, chosen.get(name));
            } else if (space.isActive(name, out) && random.containsKey(name)) {
                out.put(name, random.get(name));
            } else if (space.isActive(name, out)) {
                out.put(name, space.get(name).fromUnit(0.5));
            }
        }
        return out;
    }

    /** Generation {@code g}'s COMPLETE trials as unit-cube points, best first. */
    private static List<double[]> generationTrials(TrialHistory history, List<String> names, SearchSpace space, int g, int lambda) {
        double sign = history.direction() == Direction.MINIMIZE ? 1 : -1;
        List<TrialSnapshot> done = new ArrayList<>();
        for (TrialSnapshot t : history.trials()) {
            if (t.number() / lambda == g && t.state() == TrialState.COMPLETE && t.params().keySet().containsAll(names)) {
                done.add(t);
            }
        }
        done.sort(Comparator.<TrialSnapshot>comparingDouble(t -> sign * t.value().getAsDouble()).thenComparingInt(TrialSnapshot::number));
        List<double[]> points = new ArrayList<>();
        for (TrialSnapshot t : done) {
            double[] x = new double[names.size()];
            for (int i = 0; i < x.length; i++) {
                Distribution dist = space.get(names.get(i));
                Object v = t.params().get(names.get(i));
                if (!dist.contains(v)) {
                    x = null;
                    break;
                }
                x[i] = dist.toUnit(v);
            }
            if (x != null) {
                points.add(x);
            }
        }
        return points;
    }

    /** The search distribution N(m, σ² C) and its evolution paths. */
    static final class State {
        final int n;
        final int lambda;
        final int mu;
        final double[] weights;
        final double mueff;
        final double cc;
        final double cs;
        final double c1;
        final double cmu;
        final double damps;
        final double chiN;
        double[] mean;
        double sigma;
        double[][] c;
        double[] pc;
        double[] ps;
        double[][] b; // eigenvectors of C, in columns
        double[] dd;  // square roots of C's eigenvalues

        State(int n, double sigma0) {
            this.n = n;
            lambda = populationSize(n);
            mu = lambda / 2;
            weights = new double[mu];
            double sum = 0;
            for (int i = 0; i < mu; i++) {
                weights[i] = Math.log(mu + 0.5) - Math.log(i + 1);
                sum += weights[i];
            }
            double sq = 0;
            for (int i = 0; i < mu; i++) {
                weights[i] /= sum;
                sq += weights[i] * weights[i];
            }
            mueff = 1 / sq;
            cc = (4 + mueff / n) / (n + 4 + 2 * mueff / n);
            cs = (mueff + 2) / (n + mueff + 5);
            c1 = 2 / ((n + 1.3) * (n + 1.3) + mueff);
            cmu = Math.min(1 - c1, 2 * (mueff - 2 + 1 / mueff) / ((n + 2) * (n + 2) + mueff));
            damps = 1 + 2 * Math.max(0, Math.sqrt((mueff - 1) / (n + 1)) - 1) + cs;
            chiN = Math.sqrt(n) * (1 - 1.0 / (4 * n) + 1.0 / (21.0 * n * n));
            mean = new double[n];
            java.util.Arrays.fill(mean, 0.5);
            sigma = sigma0;
            c = identity(n);
            b = identity(n);
            dd = new double[n];
            java.util.Arrays.fill(dd, 1);
            pc = new double[n];
            ps = new double[n];
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

        /** One generation's update from its points, best first; fewer than two points leave the state as it is. */
        void update(List<double[]> ranked, int generation) {
            if (ranked.size() < 2) {
                return;
            }
            int k = Math.min(mu, ranked.size());
            double[] w = new double[k];
            double ws = 0;
            for (int i = 0; i < k; i++) {
                w[i] = weights[i];
                ws += w[i];
            }
            double sq = 0;
            for (int i = 0; i < k; i++) {
                w[i] /= ws;
                sq += w[i] * w[i];
            }
            double eff = 1 / sq;
            double[] old = mean.clone();
            double[] m = new double[n];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < n; j++) {
                    m[j] += w[i] * ranked.get(i)[j];
                }
            }
            mean = m;
            double[] step = new double[n];
            for (int j = 0; j < n; j++) {
                step[j] = (m[j] - old[j]) / sigma;
            }
            // C^{-1/2} step = B D^{-1} B' step
            double[] bt = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    bt[i] += b[j][i] * step[j];
                }
                bt[i] /= dd[i];
            }
            double norm = 0;
            for (int i = 0; i < n; i++) {
                double v = 0;
                for (int j = 0; j < n; j++) {
                    v += b[i][j] * bt[j];
                }
                ps[i] = (1 - cs) * ps[i] + Math.sqrt(cs * (2 - cs) * eff) * v;
                norm += ps[i] * ps[i];
            }
            norm = Math.sqrt(norm);
            boolean hsig = norm / Math.sqrt(1 - Math.pow(1 - cs, 2.0 * (generation + 1))) / chiN < 1.4 + 2.0 / (n + 1);
            for (int i = 0; i < n; i++) {
                pc[i] = (1 - cc) * pc[i] + (hsig ? Math.sqrt(cc * (2 - cc) * eff) * step[i] : 0);
            }
            double[][] next = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double rankMu = 0;
                    for (int r = 0; r < k; r++) {
                        double[] x = ranked.get(r);
                        rankMu += w[r] * (x[i] - old[i]) / sigma * (x[j] - old[j]) / sigma;
                    }
                    next[i][j] = (1 - c1 - cmu) * c[i][j]
                            + c1 * (pc[i] * pc[j] + (hsig ? 0 : cc * (2 - cc) * c[i][j]))
                            + cmu * rankMu;
                }
            }
            c = next;
            sigma *= Math.exp((cs / damps) * (norm / chiN - 1));
            sigma = Math.min(Math.max(sigma, 1e-12), 1.0);
            eigen();
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

    @Override
    public String toString() {
        return "CmaEsSampler(seed=" + seed + ", sigma0=" + sigma0 + ")";
    }
}
