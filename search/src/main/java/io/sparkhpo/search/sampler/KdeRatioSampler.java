package io.sparkhpo.search.sampler;

import io.sparkhpo.search.sampler.gp.Encoding;
import io.sparkhpo.search.space.SearchSpace;
import io.sparkhpo.search.trial.Direction;
import io.sparkhpo.search.trial.TrialHistory;
import io.sparkhpo.search.trial.TrialSnapshot;
import io.sparkhpo.search.trial.TrialState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * BOHB's model (HpBandSter's {@code BOHB} config generator): the COMPLETE trials split into the best 15% (at least
 * {@code d + 1}) and the rest, a product-kernel density over the unit-cube encoding fitted to each (Gaussian kernels
 * on the numeric dimensions and Aitchison-Aitken kernels on the categorical ones, bandwidths by the normal reference
 * rule {@code 1.06 σ n^(-1/(d+4))}, at least 1e-3, as statsmodels' {@code KDEMultivariate}), and the next point the
 * one of 64 candidates with the smallest ratio bad/good. Candidates are drawn around random good trials: each numeric
 * value from a normal truncated to [0, 1] with 3 times the good density's bandwidth, each categorical kept with
 * probability 1 − bandwidth and otherwise drawn uniformly. Conditional parameters are not modelled: each active one
 * is drawn uniformly on its scale. With too few trials for both densities ({@code d} or fewer in either), or none to
 * model, it draws at random. {@link BohbSampler} decides at which budget it is fitted.
 */
public final class KdeRatioSampler implements Sampler {

    static final double TOP_FRACTION = 0.15;
    static final int CANDIDATES = 64;
    static final double BANDWIDTH_FACTOR = 3;
    static final double MIN_BANDWIDTH = 1e-3;

    private final long seed;
    private final RandomSampler random;

    public KdeRatioSampler(long seed) {
        this.seed = seed;
        this.random = new RandomSampler(seed);
    }

    @Override
    public Map<String, Object> sample(SearchSpace space, int trialNumber, TrialHistory history) {
        Encoding enc = new Encoding(space);
        double sign = history.direction() == Direction.MINIMIZE ? 1 : -1;
        List<TrialSnapshot> done = new ArrayList<>();
        for (TrialSnapshot t : history.trials()) {
            if (t.state() == TrialState.COMPLETE && t.number() != trialNumber && enc.covers(t.params())) {
                done.add(t);
            }
        }
        done.sort(Comparator.<TrialSnapshot>comparingDouble(t -> sign * t.value().getAsDouble()).thenComparingInt(TrialSnapshot::number));
        int d = enc.dims();
        int n = done.size();
        int nGood = Math.max(d + 1, (int) (TOP_FRACTION * n));
        if (d == 0 || nGood > n || n - nGood <= d || nGood <= d) {
            return random.sample(space, trialNumber, history);
        }
        Density good = new Density(enc, done.subList(0, nGood));
        Density bad = new Density(enc, done.subList(nGood, n));
        SplittableRandom rng = new SplittableRandom(RandomSampler.mix(seed ^ 0xCDE5L, trialNumber));
        double[] best = null;
        double bestRatio = Double.POSITIVE_INFINITY;
        for (int c = 0; c < CANDIDATES; c++) {
            double[] x = good.draw(rng);
            double ratio = Math.max(1e-32, bad.pdf(x)) / Math.max(1e-32, good.pdf(x));
            if (ratio < bestRatio) {
                bestRatio = ratio;
                best = x;
            }
        }
        return withConditional(space, enc.decode(best), trialNumber);
    }

    /** The modelled values, and each active conditional parameter drawn uniformly on its scale, in the space's order. */
    private Map<String, Object> withConditional(SearchSpace space, Map<String, Object> modelled, int trialNumber) {
        return Encoding.withUnmodelled(space, modelled, new SplittableRandom(RandomSampler.mix(seed ^ 0xC0DL, trialNumber)));
    }

    /** A product-kernel density over encoded trials. */
    static final class Density {
        final double[][] data;
        final double[] bandwidth;
        final boolean[] categorical;
        final int[] choices;

        Density(Encoding enc, List<TrialSnapshot> trials) {
            int d = enc.dims();
            data = new double[trials.size()][];
            for (int i = 0; i < data.length; i++) {
                data[i] = enc.encode(trials.get(i).params());
            }
            categorical = enc.categorical();
            choices = enc.choices();
            bandwidth = new double[d];
            double scale = 1.06 * Math.pow(data.length, -1.0 / (d + 4));
            for (int j = 0; j < d; j++) {
                double mean = 0;
                for (double[] x : data) {
                    mean += x[j] / data.length;
                }
                double var = 0;
                for (double[] x : data) {
                    var += (x[j] - mean) * (x[j] - mean) / data.length;
                }
                bandwidth[j] = Math.max(MIN_BANDWIDTH, scale * Math.sqrt(var));
                if (categorical[j]) {
                    bandwidth[j] = Math.min(bandwidth[j], (choices[j] - 1.0) / choices[j]); // Aitchison-Aitken's λ
                }
            }
        }

        double pdf(double[] x) {
            double sum = 0;
            for (double[] xi : data) {
                double p = 1;
                for (int j = 0; j < x.length; j++) {
                    if (categorical[j]) {
                        p *= Math.round(x[j]) == Math.round(xi[j]) ? 1 - bandwidth[j] : bandwidth[j] / (choices[j] - 1);
                    } else {
                        double z = (x[j] - xi[j]) / bandwidth[j];
                        p *= Math.exp(-0.5 * z * z) / (bandwidth[j] * Math.sqrt(2 * Math.PI));
                    }
                }
                sum += p;
            }
            return sum / data.length;
        }

        /** A candidate around a random member (see the class comment). */
        double[] draw(SplittableRandom rng) {
            double[] m = data[rng.nextInt(data.length)];
            double[] x = new double[m.length];
            for (int j = 0; j < m.length; j++) {
                if (categorical[j]) {
                    x[j] = rng.nextDouble() < 1 - bandwidth[j] ? m[j] : rng.nextInt(choices[j]);
                } else {
                    x[j] = truncatedNormal(rng, m[j], BANDWIDTH_FACTOR * bandwidth[j]);
                }
            }
            return x;
        }

        /** A normal draw conditioned on [0, 1] (by rejection; a uniform one if that keeps failing). */
        static double truncatedNormal(SplittableRandom rng, double mean, double sd) {
            for (int k = 0; k < 100; k++) {
                double v = mean + sd * Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
                if (v >= 0 && v <= 1) {
                    return v;
                }
            }
            return rng.nextDouble();
        }
    }
}
