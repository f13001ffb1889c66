package io.sparkhpo.driver.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Separability of a grid of final test errors E[i][j] over log-spaced α_i × λ_j (docs/separability.md):
 * <ul>
 *   <li>interaction share: y = ln E is fitted by the additive model y_ij = μ + a_i + b_j (least squares over the
 *   cells that have an error, by backfitting, so missing cells are left out rather than filled in); the share is
 *   SS_residual / SS_total. With every cell present this is the two-way ANOVA without replication: the
 *   interaction (residual) sum of squares over the total.</li>
 *   <li>ridge slope: for each α_i the best λ, log2 λ*(α_i), refined by the parabola through the best cell and its two
 *   neighbours in λ when both exist; then the least-squares slope of log2 λ* on log2 α with its standard error
 *   √(s² / S_xx). 0: the best λ does not depend on α (separable); −1: it moves with 1/α (the diagonal).</li>
 *   <li>importances: the sums of squares of the row effects, the column effects and the residual, as shares of
 *   their sum (the functional ANOVA of the grid under the uniform measure over its cells).</li>
 * </ul>
 * Axis values that agree to 1e-6 in log2 are one grid line; several trials in one cell (seeds) are averaged in ln E.
 * An error of exactly 0 (a perfect score on a small test set) enters the logarithm as {@value #ERROR_FLOOR}.
 */
public final class GridSeparability {

    /** The paper marks the ten best cells. */
    public static final int TOP = 10;
    static final double ERROR_FLOOR = 1e-4;
    private static final double SAME_LINE = 1e-6;

    private GridSeparability() {
    }

    /** The grid's distinct axis values (log2), ascending. */
    public static double[] axis(List<Double> log2Values) {
        List<Double> sorted = new ArrayList<>(log2Values);
        sorted.sort(Comparator.naturalOrder());
        List<Double> lines = new ArrayList<>();
        for (double v : sorted) {
            if (lines.isEmpty() || v - lines.get(lines.size() - 1) > SAME_LINE) {
                lines.add(v);
            }
        }
        return lines.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static int lineOf(double[] axis, double v) {
        for (int i = 0; i < axis.length; i++) {
            if (Math.abs(axis[i] - v) <= SAME_LINE) {
                return i;
            }
        }
        throw new IllegalArgumentException("log2 value " + v + " is on no grid line");
    }

    /** The measures of the grid the cells span. */
    public static Measures measure(List<Cell> cells) {
        double[] xs = axis(cells.stream().map(Cell::log2Lr).toList());
        double[] ys = axis(cells.stream().map(Cell::log2Wd).toList());
        double[][] sum = new double[xs.length][ys.length];
        int[][] n = new int[xs.length][ys.length];
        Cell[][] first = new Cell[xs.length][ys.length];
        for (Cell c : cells) {
            int i = lineOf(xs, c.log2Lr());
            int j = lineOf(ys, c.log2Wd());
            if (first[i][j] == null) {
                first[i][j] = c;
            }
            if (c.present()) {
                sum[i][j] += Math.log(Math.max(c.error(), ERROR_FLOOR));
                n[i][j]++;
            }
        }
        double[][] y = new double[xs.length][ys.length];
        List<Cell> present = new ArrayList<>();
        int missing = 0;
        for (int i = 0; i < xs.length; i++) {
            for (int j = 0; j < ys.length; j++) {
                y[i][j] = n[i][j] == 0 ? Double.NaN : sum[i][j] / n[i][j];
                if (n[i][j] == 0) {
                    missing++;
                } else {
                    Cell f = first[i][j];
                    present.add(new Cell(f.trial(), f.lr(), f.weightDecay(), Math.exp(y[i][j])));
                }
            }
        }
        present.sort(Comparator.comparingDouble(Cell::error));
        List<Cell> top = present.subList(0, Math.min(TOP, present.size()));
        return measureLog(y, xs, ys, "grid", xs.length * ys.length, missing, top);
    }

    /** The measures of ln E on a grid with log2 axes {@code xs} (α) and {@code ys} (λ); NaN marks a missing cell. */
    static Measures measureLog(double[][] y, double[] xs, double[] ys, String method, int cells, int missing, List<Cell> top) {
        Anova a = Anova.fit(y);
        Ridge r = Ridge.of(y, xs, ys);
        return new Measures(method, cells, missing, a.interactionShare(), r.slope(), r.slopeSe(), r.points(), r.atEdge(),
                a.shareRows(), a.shareColumns(), a.shareResidual(), top);
    }
}
