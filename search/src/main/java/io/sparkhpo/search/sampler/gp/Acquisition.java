package io.sparkhpo.search.sampler.gp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Maximizes log EI over the encoded space (numeric dimensions in [0, 1], categorical ones as choice indices), as
 * Optuna's GP sampler does: score {@code candidates} quasi-random points, start local searches from the best few and
 * from the given extra starts (the best trials so far), and keep the best end point. A local search alternates
 * {@link BoxLbfgs} on the numeric dimensions with a sweep over each categorical dimension's choices.
 */
final class Acquisition {

    private final GaussianProcess gp;
    private final double best;
    private final boolean[] categorical;
    private final int[] choices;

    /**
     * @param best    the best observation so far (standardized, larger is better)
     * @param choices per dimension, the number of choices of a categorical one (0 for numeric)
     */
    Acquisition(GaussianProcess gp, double best, boolean[] categorical, int[] choices) {
        this.gp = gp;
        this.best = best;
        this.categorical = categorical;
        this.choices = choices;
    }

    /** log EI at {@code x}. */
    double value(double[] x) {
        double[] mv = gp.posterior(x, null, null);
        return LogEi.value(mv[0], Math.sqrt(mv[1]), best, null);
    }

    /** -log EI and its gradient (numeric dimensions), for the minimizer. */
    private double negative(double[] x, double[] grad) {
        int dims = x.length;
        double[] dMean = new double[dims];
        double[] dVar = new double[dims];
        double[] mv = gp.posterior(x, dMean, dVar);
        double sd = Math.sqrt(mv[1]);
        double[] d = new double[2];
        double v = LogEi.value(mv[0], sd, best, d);
        for (int i = 0; i < dims; i++) {
            grad[i] = categorical[i] ? 0 : -(d[0] * dMean[i] + d[1] * dVar[i] / (2 * sd));
        }
        return -v;
    }

    /**
     * @param candidate the i-th quasi-random point of the unit cube (categorical dimensions scaled to their indices here)
     * @param starts    extra starting points (encoded)
     */
    double[] maximize(IntFunction<double[]> candidate, int candidates, int localSearches, List<double[]> starts) {
        List<double[]> pool = new ArrayList<>();
        double[] scores = new double[candidates];
        for (int i = 0; i < candidates; i++) {
            double[] x = toChoices(candidate.apply(i));
            pool.add(x);
            scores[i] = value(x);
        }
        Integer[] order = new Integer[candidates];
        for (int i = 0; i < candidates; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> -scores[i]));
        List<double[]> from = new ArrayList<>(starts);
        for (int k = 0; k < Math.min(localSearches, candidates); k++) {
            from.add(pool.get(order[k]));
        }
        double[] bestX = pool.get(order[0]);
        double bestV = scores[order[0]];
        for (double[] s : from) {
            double[] x = localSearch(s.clone());
            double v = value(x);
            if (v > bestV) {
                bestV = v;
                bestX = x;
            }
        }
        return bestX;
    }

    private double[] localSearch(double[] x) {
        int dims = x.length;
        double[] low = new double[dims];
        double[] high = new double[dims];
        boolean anyCategorical = false;
        for (int i = 0; i < dims; i++) {
            low[i] = categorical[i] ? x[i] : 0; // categorical dimensions are held fixed in the numeric search
            high[i] = categorical[i] ? x[i] : 1;
            anyCategorical |= categorical[i];
        }
        BoxLbfgs lbfgs = new BoxLbfgs(200, 1e-3, 1e-9);
        for (int round = 0; round < (anyCategorical ? 2 : 1); round++) {
            x = lbfgs.minimize(this::negative, x, low, high).x();
            for (int i = 0; i < dims; i++) {
                if (!categorical[i]) {
                    continue;
                }
                double bestChoice = x[i];
                double bestV = value(x);
                for (int c = 0; c < choices[i]; c++) {
                    x[i] = c;
                    double v = value(x);
                    if (v > bestV) {
                        bestV = v;
                        bestChoice = c;
                    }
                }
                x[i] = bestChoice;
                low[i] = bestChoice;
                high[i] = bestChoice;
            }
        }
        return x;
    }

    private double[] toChoices(double[] unit) {
        double[] x = unit.clone();
        for (int i = 0; i < x.length; i++) {
            if (categorical[i]) {
                x[i] = Math.min(choices[i] - 1, Math.floor(unit[i] * choices[i]));
            }
        }
        return x;
    }
}
