package io.sparkhpo.driver.analysis;

import java.util.Comparator;
import java.util.List;

/**
 * Separability of scattered trials (random, Sobol, TPE sweeps), where there is no grid: a quadratic response
 * surface ln E ≈ β0 + β1·x + β2·y + β3·x² + β4·y² + β5·x·y over x = log2 α, y = log2 λ (standardized) is fitted by
 * least squares, the additive part (β1..β4) plus one interaction term (β5), and measured as a grid: it is evaluated
 * on {@value #GRID} × {@value #GRID} points spanning the trials' range and given to {@link GridSeparability}'s
 * measures. The importances are that grid's functional ANOVA, i.e. the fANOVA decomposition of the fitted surface
 * under the uniform measure on the box (not Optuna's random-forest fANOVA: the quadratic surface is stated, smooth
 * and cheap). When the surface is convex in λ the ridge is the line ∂/∂y = 0, with slope −β5/(2β4)·(s_y/s_x), and
 * its standard error comes from the coefficients' covariance by the delta method.
 */
public final class SurfaceSeparability {

    static final int GRID = 15;
    /** Fewer trials than this give no surface: 6 coefficients need room for residuals. */
    public static final int MIN_TRIALS = 10;

    private SurfaceSeparability() {
    }

    public static Measures measure(List<Cell> cells) {
        List<Cell> present = cells.stream().filter(Cell::present).sorted(Comparator.comparingDouble(Cell::error)).toList();
        List<Cell> top = present.subList(0, Math.min(GridSeparability.TOP, present.size()));
        int missing = cells.size() - present.size();
        if (present.size() < MIN_TRIALS) {
            return unknown(cells.size(), missing, top);
        }
        int n = present.size();
        double[] x = present.stream().mapToDouble(Cell::log2Lr).toArray();
        double[] y = present.stream().mapToDouble(Cell::log2Wd).toArray();
        double mx = mean(x);
        double my = mean(y);
        double sx = sd(x, mx);
        double sy = sd(y, my);
        if (sx == 0 || sy == 0) {
            return unknown(cells.size(), missing, top);
        }
        double[][] design = new double[n][];
        double[] target = new double[n];
        for (int k = 0; k < n; k++) {
            design[k] = terms((x[k] - mx) / sx, (y[k] - my) / sy);
            target[k] = Math.log(Math.max(present.get(k).error(), GridSeparability.ERROR_FLOOR));
        }
        LeastSquares fit;
        try {
            fit = LeastSquares.fit(design, target);
        } catch (IllegalArgumentException singular) {
            return unknown(cells.size(), missing, top);
        }
        double[] b = fit.coefficients();
        double[] xs = span(x);
        double[] ys = span(y);
        double[][] grid = new double[GRID][GRID];
        for (int i = 0; i < GRID; i++) {
            for (int j = 0; j < GRID; j++) {
                double[] t = terms((xs[i] - mx) / sx, (ys[j] - my) / sy);
                double v = 0;
                for (int k = 0; k < t.length; k++) {
                    v += b[k] * t[k];
                }
                grid[i][j] = v;
            }
        }
        Measures m = GridSeparability.measureLog(grid, xs, ys, "surface", n + missing, missing, top);
        double slope = m.ridgeSlope();
        double se = Double.NaN;
        if (b[4] > 0) {
            double scale = sy / sx;
            slope = -b[5] / (2 * b[4]) * scale;
            double d4 = b[5] / (2 * b[4] * b[4]) * scale;
            double d5 = -1 / (2 * b[4]) * scale;
            double[][] cov = fit.covariance();
            se = Math.sqrt(Math.max(0, d4 * d4 * cov[4][4] + d5 * d5 * cov[5][5] + 2 * d4 * d5 * cov[4][5]));
        }
        return new Measures("surface", m.cells(), missing, m.interactionShare(), slope, se, m.ridgePoints(), m.ridgeAtEdge(),
                m.importanceLr(), m.importanceWd(), m.importanceInteraction(), top);
    }

    /** No surface: every measure unknown, the best trials still listed. */
    private static Measures unknown(int cells, int missing, List<Cell> top) {
        return new Measures("surface", cells, missing, Double.NaN, Double.NaN, Double.NaN, 0, 0, Double.NaN, Double.NaN,
                Double.NaN, top);
    }

    private static double[] terms(double u, double v) {
        return new double[]{1, u, v, u * u, v * v, u * v};
    }

    private static double[] span(double[] v) {
        double lo = java.util.Arrays.stream(v).min().orElseThrow();
        double hi = java.util.Arrays.stream(v).max().orElseThrow();
        double[] s = new double[GRID];
        for (int i = 0; i < GRID; i++) {
            s[i] = lo + (hi - lo) * i / (GRID - 1);
        }
        return s;
    }

    private static double mean(double[] v) {
        return java.util.Arrays.stream(v).average().orElseThrow();
    }

    private static double sd(double[] v, double mean) {
        double s = 0;
        for (double d : v) {
            s += (d - mean) * (d - mean);
        }
        return Math.sqrt(s / v.length);
    }
}
