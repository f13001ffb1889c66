package io.sparkhpo.driver.analysis;

import java.util.List;

/**
 * How separable α and λ are in one slice.
 *
 * @param method                 {@code grid} (two-way ANOVA of the cells) or {@code surface} (a quadratic surface
 *                               fitted to scattered trials, then measured on a grid over their range)
 * @param cells                  grid cells (grid) or trials (surface)
 * @param missingCells           cells without a final test error: never run, diverged, failed or pruned
 * @param interactionShare       the share of the variance of log test error that row + column effects leave
 *                               unexplained: 0 separable, larger coupled
 * @param ridgeSlope             slope of log2 λ*(α) against log2 α: 0 separable, −1 coupled through α·λ
 * @param ridgeSlopeSe           its standard error (NaN with fewer than 3 ridge points)
 * @param ridgePoints            the α values with a best λ
 * @param ridgeAtEdge            of those, how many have their best λ at the grid's edge (the ridge may leave it)
 * @param importanceLr           functional-ANOVA share of α's main effect
 * @param importanceWd           functional-ANOVA share of λ's main effect
 * @param importanceInteraction  functional-ANOVA share of the α × λ interaction (the three add up to 1)
 * @param top                    the best cells, best first (at most 10)
 */
public record Measures(String method, int cells, int missingCells, double interactionShare, double ridgeSlope,
                       double ridgeSlopeSe, int ridgePoints, int ridgeAtEdge, double importanceLr, double importanceWd,
                       double importanceInteraction, List<Cell> top) {

    public Measures {
        top = List.copyOf(top);
    }

    /** The error of the worst of the top cells (a cell at or below it is one of them), −∞ when there are none. */
    public double topThreshold() {
        return top.isEmpty() ? Double.NEGATIVE_INFINITY : top.get(top.size() - 1).error();
    }

    /** The best cell, if any cell has an error. */
    public java.util.Optional<Cell> best() {
        return top.stream().findFirst();
    }
}
