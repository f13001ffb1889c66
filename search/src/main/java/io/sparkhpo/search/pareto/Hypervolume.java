package io.sparkhpo.search.pareto;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The exact hypervolume a set of points dominates up to a reference point (minimization): the volume of the union
 * of the boxes {@code [p, reference]}. Two objectives by a sweep; more by slicing along the last objective (each slab
 * the hypervolume of the points below it in one dimension fewer), which is exact and fast enough for the few hundred
 * points of a study's front.
 */
public final class Hypervolume {

    private Hypervolume() {
    }

    /** Points not strictly better than the reference in every objective contribute nothing. */
    public static double of(List<double[]> points, double[] reference) {
        List<double[]> inside = new ArrayList<>();
        for (double[] p : points) {
            boolean below = true;
            for (int j = 0; j < reference.length; j++) {
                below &= p[j] < reference[j];
            }
            if (below) {
                inside.add(p.clone());
            }
        }
        return volume(inside, reference, reference.length);
    }

    private static double volume(List<double[]> points, double[] ref, int dims) {
        if (points.isEmpty()) {
            return 0;
        }
        if (dims == 1) {
            return ref[0] - points.stream().mapToDouble(p -> p[0]).min().orElseThrow();
        }
        if (dims == 2) {
            List<double[]> sorted = new ArrayList<>(points);
            sorted.sort(Comparator.<double[]>comparingDouble(p -> p[0]).thenComparingDouble(p -> p[1]));
            double area = 0;
            double lowest = ref[1];
            for (double[] p : sorted) {
                if (p[1] < lowest) {
                    area += (ref[0] - p[0]) * (lowest - p[1]);
                    lowest = p[1];
                }
            }
            return area;
        }
        int last = dims - 1;
        List<double[]> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(p -> p[last]));
        double total = 0;
        List<double[]> active = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            active.add(sorted.get(i));
            double top = i + 1 < sorted.size() ? sorted.get(i + 1)[last] : ref[last];
            double height = top - sorted.get(i)[last];
            if (height > 0) {
                total += height * volume(active, ref, last);
            }
        }
        return total;
    }
}
