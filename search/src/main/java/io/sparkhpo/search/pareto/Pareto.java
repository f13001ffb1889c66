package io.sparkhpo.search.pareto;

import io.sparkhpo.search.trial.Direction;
import io.sparkhpo.search.trial.TrialSnapshot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Pareto dominance, non-dominated ranks (Deb et al. 2002) and crowding distances, for minimization. */
public final class Pareto {

    private Pareto() {
    }

    /** The trials' values as points to minimize: a maximized objective is negated. */
    public static List<double[]> minimized(List<TrialSnapshot> trials, List<Direction> directions) {
        List<double[]> out = new ArrayList<>();
        for (TrialSnapshot t : trials) {
            double[] p = new double[directions.size()];
            for (int j = 0; j < p.length; j++) {
                p[j] = directions.get(j) == Direction.MINIMIZE ? t.values().get(j) : -t.values().get(j);
            }
            out.add(p);
        }
        return out;
    }

    /** Whether {@code a} dominates {@code b}: no worse in every objective and better in one. */
    public static boolean dominates(double[] a, double[] b) {
        boolean better = false;
        for (int j = 0; j < a.length; j++) {
            if (a[j] > b[j]) {
                return false;
            }
            better |= a[j] < b[j];
        }
        return better;
    }

    /** Each point's non-dominated rank: 0 for the Pareto front, 1 for the front once that is removed, and so on. */
    public static int[] ranks(List<double[]> points) {
        int n = points.size();
        int[] rank = new int[n];
        int[] dominatedBy = new int[n];
        List<List<Integer>> dominating = new ArrayList<>();
        List<Integer> front = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            dominating.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            for (int k = i + 1; k < n; k++) {
                if (dominates(points.get(i), points.get(k))) {
                    dominating.get(i).add(k);
                    dominatedBy[k]++;
                } else if (dominates(points.get(k), points.get(i))) {
                    dominating.get(k).add(i);
                    dominatedBy[i]++;
                }
            }
            if (dominatedBy[i] == 0) {
                front.add(i);
            }
        }
        front.removeIf(i -> dominatedBy[i] != 0);
        int r = 0;
        while (!front.isEmpty()) {
            List<Integer> next = new ArrayList<>();
            for (int i : front) {
                rank[i] = r;
                for (int k : dominating.get(i)) {
                    if (--dominatedBy[k] == 0) {
                        next.add(k);
                    }
                }
            }
            front = next;
            r++;
        }
        return rank;
    }

    /**
     * Crowding distances within one front (Deb et al. 2002): per objective, the normalized gap between each point's
     * neighbours, summed; the extremes of every objective get infinity.
     */
    public static double[] crowding(List<double[]> front) {
        int n = front.size();
        double[] d = new double[n];
        if (n == 0) {
            return d;
        }
        for (int j = 0; j < front.get(0).length; j++) {
            int obj = j;
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.comparingDouble(i -> front.get(i)[obj]));
            double lo = front.get(order[0])[obj];
            double hi = front.get(order[n - 1])[obj];
            d[order[0]] = Double.POSITIVE_INFINITY;
            d[order[n - 1]] = Double.POSITIVE_INFINITY;
            if (hi == lo) {
                continue;
            }
            for (int k = 1; k < n - 1; k++) {
                d[order[k]] += (front.get(order[k + 1])[obj] - front.get(order[k - 1])[obj]) / (hi - lo);
            }
        }
        return d;
    }
}
