package io.sparkhpo.driver.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * The ridge of a grid: for each α_i the best log2 λ, then a least-squares line through those points. The best
 * cell's λ is refined by the vertex of the parabola through it and its two λ neighbours (in ln E over log2 λ) when
 * both are present and the parabola opens upwards, clamped between the neighbours; a best cell on the grid's edge
 * (or beside a missing cell) is taken as it is and counted in {@link #atEdge}.
 */
record Ridge(double slope, double slopeSe, int points, int atEdge) {

    static Ridge of(double[][] y, double[] xs, double[] ys) {
        List<double[]> pts = new ArrayList<>();
        int edge = 0;
        for (int i = 0; i < xs.length; i++) {
            int best = -1;
            for (int j = 0; j < ys.length; j++) {
                if (!Double.isNaN(y[i][j]) && (best < 0 || y[i][j] < y[i][best])) {
                    best = j;
                }
            }
            if (best < 0) {
                continue;
            }
            double at = ys[best];
            boolean inside = best > 0 && best < ys.length - 1 && !Double.isNaN(y[i][best - 1]) && !Double.isNaN(y[i][best + 1]);
            if (inside) {
                at = vertex(ys[best - 1], y[i][best - 1], ys[best], y[i][best], ys[best + 1], y[i][best + 1]);
            } else {
                edge++;
            }
            pts.add(new double[]{xs[i], at});
        }
        return line(pts, edge);
    }

    /** The minimum of the parabola through three points (x0 < x1 < x2), or x1 if it has none; within [x0, x2]. */
    static double vertex(double x0, double y0, double x1, double y1, double x2, double y2) {
        double d0 = (y1 - y0) / (x1 - x0);
        double d1 = (y2 - y1) / (x2 - x1);
        double curvature = (d1 - d0) / (x2 - x0);
        if (!(curvature > 0)) {
            return x1;
        }
        // the parabola's derivative is d0 + curvature·(2x − x0 − x1): zero at the vertex
        double v = (x0 + x1) / 2 - d0 / (2 * curvature);
        return Math.max(x0, Math.min(x2, v));
    }

    /** Least squares of the second coordinate on the first, with the slope's standard error. */
    static Ridge line(List<double[]> pts, int edge) {
        int n = pts.size();
        if (n < 2) {
            return new Ridge(Double.NaN, Double.NaN, n, edge);
        }
        double mx = pts.stream().mapToDouble(p -> p[0]).average().orElseThrow();
        double my = pts.stream().mapToDouble(p -> p[1]).average().orElseThrow();
        double sxx = 0;
        double sxy = 0;
        for (double[] p : pts) {
            sxx += (p[0] - mx) * (p[0] - mx);
            sxy += (p[0] - mx) * (p[1] - my);
        }
        if (sxx == 0) {
            return new Ridge(Double.NaN, Double.NaN, n, edge);
        }
        double slope = sxy / sxx;
        double sse = 0;
        for (double[] p : pts) {
            double r = p[1] - my - slope * (p[0] - mx);
            sse += r * r;
        }
        double se = n < 3 ? Double.NaN : Math.sqrt(sse / (n - 2) / sxx);
        return new Ridge(slope, se, n, edge);
    }
}
