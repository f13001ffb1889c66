package io.sparkhpo.search.sampler.gp;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Limited-memory BFGS on a box {@code low <= x <= high} (bounds may be infinite): the projected variant of
 * L-BFGS-B (Byrd, Lu, Nocedal and Zhu 1995). Variables at a bound whose gradient points outward are held there;
 * the two-loop recursion (Nocedal 1980) gives the direction for the others; a backtracking Armijo search runs along
 * the projected path {@code clamp(x + t d)}. It stops when the projected gradient's largest component is below
 * {@code gtol}, when an iteration improves the value by less than {@code ftol} (relative), or after
 * {@code maxIterations}. Hipparchus, the numerics library used elsewhere here, has no L-BFGS; this is the small
 * bounded quasi-Newton method the GP needs for its marginal likelihood and its acquisition function, as SciPy's
 * {@code L-BFGS-B} serves Optuna's GP sampler.
 */
final class BoxLbfgs {

    /** A function and its gradient: returns f(x) and writes ∇f(x) into {@code grad}. */
    interface Objective {
        double valueAndGradient(double[] x, double[] grad);
    }

    /** The minimum found: its point, value and the evaluations it took. */
    record Result(double[] x, double value, int evaluations) {
    }

    private static final int MEMORY = 10;
    private static final double ARMIJO = 1e-4;

    private final int maxIterations;
    private final double gtol;
    private final double ftol;

    BoxLbfgs(int maxIterations, double gtol, double ftol) {
        this.maxIterations = maxIterations;
        this.gtol = gtol;
        this.ftol = ftol;
    }

    Result minimize(Objective f, double[] start, double[] low, double[] high) {
        int n = start.length;
        double[] x = clamp(start, low, high);
        double[] g = new double[n];
        double fx = f.valueAndGradient(x, g);
        int evals = 1;
        if (!Double.isFinite(fx)) {
            return new Result(x, fx, evals);
        }
        Deque<double[][]> memory = new ArrayDeque<>(); // {s, y, {1 / y·s}}
        double[] d = new double[n];
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        for (int iter = 0; iter < maxIterations; iter++) {
            boolean[] free = new boolean[n];
            double pg = 0;
            for (int i = 0; i < n; i++) {
                boolean atLow = x[i] <= low[i] && g[i] > 0;
                boolean atHigh = x[i] >= high[i] && g[i] < 0;
                free[i] = !atLow && !atHigh;
                if (free[i]) {
                    pg = Math.max(pg, Math.abs(g[i]));
                }
            }
            if (pg < gtol) {
                break;
            }
            direction(g, free, memory, d);
            double slope = dot(g, d);
            if (!(slope < 0)) { // not a descent direction: start the memory over from steepest descent
                memory.clear();
                for (int i = 0; i < n; i++) {
                    d[i] = free[i] ? -g[i] : 0;
                }
                slope = dot(g, d);
            }
            double t = memory.isEmpty() ? Math.min(1, 1 / Math.max(1e-12, norm(d))) : 1;
            double fNew = Double.NaN;
            boolean accepted = false;
            for (int k = 0; k < 30; k++, t *= 0.5) {
                for (int i = 0; i < n; i++) {
                    xNew[i] = Math.min(high[i], Math.max(low[i], x[i] + t * d[i]));
                }
                fNew = f.valueAndGradient(xNew, gNew);
                evals++;
                double decrease = 0;
                for (int i = 0; i < n; i++) {
                    decrease += g[i] * (xNew[i] - x[i]);
                }
                if (Double.isFinite(fNew) && fNew <= fx + ARMIJO * decrease) {
                    accepted = true;
                    break;
                }
            }
            if (!accepted) {
                break;
            }
            double[] s = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = xNew[i] - x[i];
                y[i] = gNew[i] - g[i];
            }
            double ys = dot(y, s);
            if (ys > 1e-10 * dot(y, y)) {
                if (memory.size() == MEMORY) {
                    memory.removeFirst();
                }
                memory.addLast(new double[][]{s, y, {1 / ys}});
            }
            boolean small = fx - fNew <= ftol * Math.max(1, Math.max(Math.abs(fx), Math.abs(fNew)));
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            fx = fNew;
            if (small) {
                break;
            }
        }
        return new Result(x, fx, evals);
    }

    /** The two-loop recursion on the free variables: {@code d = -H g}. */
    private static void direction(double[] g, boolean[] free, Deque<double[][]> memory, double[] d) {
        int n = g.length;
        for (int i = 0; i < n; i++) {
            d[i] = free[i] ? -g[i] : 0;
        }
        int m = memory.size();
        double[] alpha = new double[m];
        double[][][] pairs = memory.toArray(new double[0][][]);
        for (int k = m - 1; k >= 0; k--) {
            alpha[k] = pairs[k][2][0] * dotFree(pairs[k][0], d, free);
            axpyFree(-alpha[k], pairs[k][1], d, free);
        }
        if (m > 0) {
            double[] s = pairs[m - 1][0];
            double[] y = pairs[m - 1][1];
            double gamma = dotFree(s, y, free) / Math.max(1e-300, dotFree(y, y, free));
            if (gamma > 0 && Double.isFinite(gamma)) {
                for (int i = 0; i < n; i++) {
                    d[i] *= gamma;
                }
            }
        }
        for (int k = 0; k < m; k++) {
            double beta = pairs[k][2][0] * dotFree(pairs[k][1], d, free);
            axpyFree(alpha[k] - beta, pairs[k][0], d, free);
        }
    }

    static double[] clamp(double[] x, double[] low, double[] high) {
        double[] c = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            c[i] = Math.min(high[i], Math.max(low[i], x[i]));
        }
        return c;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double dotFree(double[] a, double[] b, boolean[] free) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            if (free[i]) {
                s += a[i] * b[i];
            }
        }
        return s;
    }

    private static void axpyFree(double a, double[] x, double[] y, boolean[] free) {
        for (int i = 0; i < x.length; i++) {
            if (free[i]) {
                y[i] += a * x[i];
            }
        }
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }
}
