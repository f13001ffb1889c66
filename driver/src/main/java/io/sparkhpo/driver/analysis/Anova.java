package io.sparkhpo.driver.analysis;

/**
 * The additive fit y_ij ≈ μ + a_i + b_j of a grid with missing cells (NaN), by backfitting: alternately set each
 * row effect to the mean residual of its present cells, then each column effect, until nothing moves. For a
 * complete grid one pass gives the classical row and column means; with missing cells it converges to the least
 * squares fit over the present cells (a connected design).
 */
record Anova(double interactionShare, double shareRows, double shareColumns, double shareResidual) {

    private static final int MAX_SWEEPS = 10_000;
    private static final double CONVERGED = 1e-13;

    /**
     * Sets each row's effect to the mean of {@code y − mu − other} over the row's present cells (0 for an empty row);
     * returns the largest change. On the transposed grid, the same step updates the column effects.
     */
    private static double update(double[][] y, double mu, double[] effect, double[] other) {
        double moved = 0;
        for (int i = 0; i < y.length; i++) {
            double s = 0;
            int k = 0;
            for (int j = 0; j < other.length; j++) {
                if (!Double.isNaN(y[i][j])) {
                    s += y[i][j] - mu - other[j];
                    k++;
                }
            }
            double next = k == 0 ? 0 : s / k;
            moved = Math.max(moved, Math.abs(next - effect[i]));
            effect[i] = next;
        }
        return moved;
    }

    private static double[][] transpose(double[][] y) {
        double[][] t = new double[y[0].length][y.length];
        for (int i = 0; i < y.length; i++) {
            for (int j = 0; j < y[0].length; j++) {
                t[j][i] = y[i][j];
            }
        }
        return t;
    }

    static Anova fit(double[][] y) {
        int rows = y.length;
        int cols = y[0].length;
        double mu = 0;
        int count = 0;
        for (double[] row : y) {
            for (double v : row) {
                if (!Double.isNaN(v)) {
                    mu += v;
                    count++;
                }
            }
        }
        if (count < 2) {
            return new Anova(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        mu /= count;
        double[] a = new double[rows];
        double[] b = new double[cols];
        double[][] t = transpose(y);
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double moved = Math.max(update(y, mu, a, b), update(t, mu, b, a));
            if (moved < CONVERGED) {
                break;
            }
        }
        double total = 0;
        double residual = 0;
        double meanA = 0;
        double meanB = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (!Double.isNaN(y[i][j])) {
                    meanA += a[i];
                    meanB += b[j];
                }
            }
        }
        meanA /= count;
        meanB /= count;
        double rowsSs = 0;
        double colsSs = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (!Double.isNaN(y[i][j])) {
                    double fitted = mu + a[i] + b[j];
                    total += (y[i][j] - mu) * (y[i][j] - mu);
                    residual += (y[i][j] - fitted) * (y[i][j] - fitted);
                    rowsSs += (a[i] - meanA) * (a[i] - meanA);
                    colsSs += (b[j] - meanB) * (b[j] - meanB);
                }
            }
        }
        if (total <= 0) {
            return new Anova(0, Double.NaN, Double.NaN, Double.NaN);
        }
        double parts = rowsSs + colsSs + residual;
        return new Anova(residual / total, rowsSs / parts, colsSs / parts, residual / parts);
    }
}
