package io.sparkhpo.search.sampler.gp;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The GP's pieces against finite differences, closed forms and known minima. */
class GpNumericsTest {

    private static double[][] points(int n, int dims, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[n][dims];
        for (double[] row : x) {
            for (int d = 0; d < dims; d++) {
                row[d] = rng.nextDouble();
            }
        }
        return x;
    }

    private static double[] centralDifference(BoxLbfgs.Objective f, double[] at, double h) {
        double[] g = new double[at.length];
        double[] scratch = new double[at.length];
        for (int i = 0; i < at.length; i++) {
            double[] p = at.clone();
            double[] m = at.clone();
            p[i] += h;
            m[i] -= h;
            g[i] = (f.valueAndGradient(p, scratch) - f.valueAndGradient(m, scratch)) / (2 * h);
        }
        return g;
    }

    @Test
    void marginalLikelihoodGradientMatchesFiniteDifferences() {
        double[][] x = points(25, 3, 1);
        x[3][2] = 1; // a categorical third dimension with 2 choices
        for (double[] row : x) {
            row[2] = Math.floor(row[2] * 2);
        }
        boolean[] cat = {false, false, true};
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.sin(6 * x[i][0]) + x[i][1] * x[i][1] + 0.3 * x[i][2];
        }
        y = BayesOpt.standardize(y);
        double[][][] delta = KernelFit.deltas(x, cat);
        double[] yy = y;
        BoxLbfgs.Objective f = (raw, grad) -> KernelFit.negativeLogPosterior(raw, delta, yy, grad);
        double[] raw = {0.3, -0.5, 0.1, 0.2, Math.log(0.05)};
        double[] grad = new double[raw.length];
        f.valueAndGradient(raw, grad);
        assertArrayEquals(centralDifference(f, raw, 1e-5), grad, 1e-5);
    }

    @Test
    void logEiMatchesTheClosedFormAndStaysFiniteInTheTail() {
        double[] d = new double[2];
        for (double mean : new double[]{-0.5, 0, 0.3, 2}) {
            double sd = 0.7;
            double z = mean / sd;
            double cdf = 0.5 * org.hipparchus.special.Erf.erfc(-z / Math.sqrt(2));
            double pdf = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
            assertEquals(Math.log(sd * (z * cdf + pdf)), LogEi.value(mean, sd, 0, d), 1e-12);
        }
        // far in the tail EI underflows to 0 but log EI is finite and keeps decreasing, with a useful gradient
        double prev = Double.POSITIVE_INFINITY;
        for (double mean = -5; mean >= -400; mean *= 2) {
            double v = LogEi.value(mean, 1, 0, d);
            assertTrue(Double.isFinite(v) && v < prev && d[0] > 0 && d[1] > 0, "mean " + mean + ": " + v);
            prev = v;
        }
        // the gradient against finite differences, on both sides of the z = -1 switch and past the series switch
        for (double mean : new double[]{0.4, -0.9, -1.2, -8, -35}) {
            double h = 1e-6;
            LogEi.value(mean, 1.3, 0, d);
            double dm = (LogEi.value(mean + h, 1.3, 0, null) - LogEi.value(mean - h, 1.3, 0, null)) / (2 * h);
            double ds = (LogEi.value(mean, 1.3 + h, 0, null) - LogEi.value(mean, 1.3 - h, 0, null)) / (2 * h);
            assertEquals(dm, d[0], 1e-5 * Math.max(1, Math.abs(dm)), "d/dmean at " + mean);
            assertEquals(ds, d[1], 1e-5 * Math.max(1, Math.abs(ds)), "d/dsd at " + mean);
        }
    }

    @Test
    void boxLbfgsFindsBoundAndInteriorMinima() {
        BoxLbfgs lbfgs = new BoxLbfgs(500, 1e-9, 0);
        // Rosenbrock, unconstrained minimum (1, 1)
        BoxLbfgs.Objective rosen = (x, g) -> {
            double a = 1 - x[0];
            double b = x[1] - x[0] * x[0];
            g[0] = -2 * a - 400 * x[0] * b;
            g[1] = 200 * b;
            return a * a + 100 * b * b;
        };
        double inf = Double.POSITIVE_INFINITY;
        assertArrayEquals(new double[]{1, 1}, lbfgs.minimize(rosen, new double[]{-1.2, 1}, new double[]{-inf, -inf},
                new double[]{inf, inf}).x(), 1e-5);
        // (x - 2)² + (y + 1)² on [0, 1]²: the corner (1, 0)
        BoxLbfgs.Objective bowl = (x, g) -> {
            g[0] = 2 * (x[0] - 2);
            g[1] = 2 * (x[1] + 1);
            return (x[0] - 2) * (x[0] - 2) + (x[1] + 1) * (x[1] + 1);
        };
        assertArrayEquals(new double[]{1, 0}, lbfgs.minimize(bowl, new double[]{0.3, 0.6}, new double[]{0, 0},
                new double[]{1, 1}).x(), 1e-12);
    }

    @Test
    void posteriorInterpolatesAndItsGradientMatchesFiniteDifferences() {
        double[][] x = points(20, 2, 7);
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.cos(3 * x[i][0]) - x[i][1];
        }
        boolean[] cat = {false, false};
        KernelParams p = new KernelParams(new double[]{4, 2}, 1.5, KernelParams.MIN_NOISE);
        GaussianProcess gp = GaussianProcess.condition(x, y, cat, p);
        for (int i = 0; i < x.length; i++) {
            double[] mv = gp.posterior(x[i], null, null);
            assertEquals(y[i], mv[0], 1e-3, "interpolates point " + i);
            assertTrue(mv[1] < 1e-3, "little variance at an observation: " + mv[1]);
        }
        double[] at = {0.37, 0.61};
        double[] dm = new double[2];
        double[] dv = new double[2];
        gp.posterior(at, dm, dv);
        for (int d = 0; d < 2; d++) {
            double[] p1 = at.clone();
            double[] m1 = at.clone();
            p1[d] += 1e-6;
            m1[d] -= 1e-6;
            double[] a = gp.posterior(p1, null, null);
            double[] b = gp.posterior(m1, null, null);
            assertEquals((a[0] - b[0]) / 2e-6, dm[d], 1e-5);
            assertEquals((a[1] - b[1]) / 2e-6, dv[d], 1e-5);
        }
    }

    @Test
    void theFitFindsTheRelevantDimensionAndTheNoise() {
        double[][] x = points(60, 3, 3);
        SplittableRandom rng = new SplittableRandom(5);
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.sin(4 * x[i][0]) + 0.1 * (rng.nextDouble() - 0.5); // only dimension 0 matters, some noise
        }
        KernelParams p = KernelFit.fit(x, BayesOpt.standardize(y), new boolean[3]);
        double[] isl = p.inverseSquaredLengthScales();
        assertTrue(isl[0] > 5 * isl[1] && isl[0] > 5 * isl[2], java.util.Arrays.toString(isl));
        assertTrue(p.noise() > KernelParams.MIN_NOISE * 10, "noise " + p.noise());
    }
}
