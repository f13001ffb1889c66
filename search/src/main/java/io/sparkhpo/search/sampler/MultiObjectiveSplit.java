package io.sparkhpo.search.sampler;

import io.sparkhpo.search.pareto.Hypervolume;
import io.sparkhpo.search.pareto.Pareto;
import io.sparkhpo.search.trial.Direction;
import io.sparkhpo.search.trial.TrialSnapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Multi-objective TPE's split (MOTPE, Ozaki et al. 2020, as Optuna 3.1's {@code TPESampler} with several
 * directions): the "below" trials are whole non-dominated fronts, best first, and of the front that does not fit, the
 * ones a greedy hypervolume subset selection picks; each below trial is weighted by its share of the below set's
 * hypervolume (its contribution over the largest one). Reference points are 1.1 times the worst value of each
 * objective (0.9 times where that is negative).
 *
 * @param below   the best trials
 * @param above   the others
 * @param weights one per below trial, in its order
 */
record MultiObjectiveSplit(List<TrialSnapshot> below, List<TrialSnapshot> above, Map<Integer, Double> weights) {

    /** Splits COMPLETE {@code trials} into the best {@code nBelow} and the rest. */
    static MultiObjectiveSplit of(List<TrialSnapshot> trials, List<Direction> directions, int nBelow) {
        List<TrialSnapshot> sorted = new ArrayList<>(trials);
        sorted.sort(Comparator.comparingInt(TrialSnapshot::number));
        List<double[]> points = Pareto.minimized(sorted, directions);
        int[] ranks = Pareto.ranks(points);
        List<TrialSnapshot> below = new ArrayList<>();
        List<double[]> belowPoints = new ArrayList<>();
        for (int r = 0; below.size() < nBelow; r++) {
            List<Integer> front = new ArrayList<>();
            for (int i = 0; i < ranks.length; i++) {
                if (ranks[i] == r) {
                    front.add(i);
                }
            }
            if (front.isEmpty()) {
                break;
            }
            List<Integer> chosen = front.size() <= nBelow - below.size() ? front
                    : greedyHypervolume(front, points, nBelow - below.size(), reference(points));
            for (int i : chosen) {
                below.add(sorted.get(i));
                belowPoints.add(points.get(i));
            }
        }
        List<TrialSnapshot> above = new ArrayList<>(sorted);
        above.removeAll(below);
        return new MultiObjectiveSplit(below, above, contributions(below, belowPoints));
    }

    static double[] reference(List<double[]> points) {
        double[] ref = new double[points.get(0).length];
        java.util.Arrays.fill(ref, Double.NEGATIVE_INFINITY);
        for (double[] p : points) {
            for (int j = 0; j < ref.length; j++) {
                ref[j] = Math.max(ref[j], p[j]);
            }
        }
        for (int j = 0; j < ref.length; j++) {
            ref[j] = ref[j] == 0 ? 1e-12 : Math.max(1.1 * ref[j], 0.9 * ref[j]);
        }
        return ref;
    }

    /** Greedy hypervolume subset selection: {@code k} of {@code candidates}, each adding the most volume. */
    private static List<Integer> greedyHypervolume(List<Integer> candidates, List<double[]> points, int k, double[] ref) {
        List<Integer> chosen = new ArrayList<>();
        List<double[]> chosenPoints = new ArrayList<>();
        List<Integer> left = new ArrayList<>(candidates);
        double volume = 0;
        while (chosen.size() < k) {
            int best = -1;
            double bestGain = Double.NEGATIVE_INFINITY;
            for (int i : left) {
                chosenPoints.add(points.get(i));
                double gain = Hypervolume.of(chosenPoints, ref) - volume;
                chosenPoints.remove(chosenPoints.size() - 1);
                if (gain > bestGain) {
                    bestGain = gain;
                    best = i;
                }
            }
            chosen.add(best);
            chosenPoints.add(points.get(best));
            left.remove(Integer.valueOf(best));
            volume += bestGain;
        }
        return chosen;
    }

    /** Each below trial's hypervolume contribution over the largest (1 for a single trial), by trial number. */
    private static Map<Integer, Double> contributions(List<TrialSnapshot> below, List<double[]> points) {
        Map<Integer, Double> w = new HashMap<>();
        if (below.size() == 1) {
            w.put(below.get(0).number(), 1.0);
        }
        if (below.size() <= 1) {
            return w;
        }
        double[] ref = reference(points);
        double all = Hypervolume.of(points, ref);
        double[] c = new double[points.size()];
        double max = 0;
        for (int i = 0; i < c.length; i++) {
            List<double[]> rest = new ArrayList<>(points);
            rest.remove(i);
            c[i] = all - Hypervolume.of(rest, ref);
            max = Math.max(max, c[i]);
        }
        for (int i = 0; i < c.length; i++) {
            w.put(below.get(i).number(), max > 0 ? Math.min(1, Math.max(1e-12, c[i] / max)) : 1.0);
        }
        return w;
    }
}
