package io.sparkhpo.search.pareto;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParetoTest {

    @Test
    void dominanceAndRanks() {
        List<double[]> p = List.of(new double[]{1, 4}, new double[]{2, 2}, new double[]{4, 1}, new double[]{3, 3},
                new double[]{4, 4}, new double[]{2, 2});
        assertTrue(Pareto.dominates(p.get(1), p.get(3)));
        assertFalse(Pareto.dominates(p.get(1), p.get(5)), "equal points do not dominate each other");
        assertFalse(Pareto.dominates(p.get(0), p.get(2)));
        assertArrayEquals(new int[]{0, 0, 0, 1, 2, 0}, Pareto.ranks(p));
    }

    /** Ranks against their definition on random points: rank r means dominated only by points of lower ranks, by one of rank r - 1. */
    @Test
    void ranksMatchTheDefinition() {
        Random rng = new Random(4);
        List<double[]> p = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            p.add(new double[]{rng.nextInt(20), rng.nextInt(20), rng.nextInt(20)});
        }
        int[] r = Pareto.ranks(p);
        for (int i = 0; i < p.size(); i++) {
            boolean byPrevious = r[i] == 0;
            for (int k = 0; k < p.size(); k++) {
                if (Pareto.dominates(p.get(k), p.get(i))) {
                    assertTrue(r[k] < r[i], i + " dominated by " + k);
                    byPrevious |= r[k] == r[i] - 1;
                }
            }
            assertTrue(byPrevious, "point " + i + " of rank " + r[i]);
        }
    }

    @Test
    void crowdingGivesExtremesInfinityAndSumsNormalizedGaps() {
        double[] d = Pareto.crowding(List.of(new double[]{0, 4}, new double[]{1, 2}, new double[]{2, 1}, new double[]{4, 0}));
        assertEquals(Double.POSITIVE_INFINITY, d[0]);
        assertEquals(Double.POSITIVE_INFINITY, d[3]);
        assertEquals((2 - 0) / 4.0 + (4 - 1) / 4.0, d[1], 1e-12);
        assertEquals((4 - 1) / 4.0 + (2 - 0) / 4.0, d[2], 1e-12);
    }

    @Test
    void hypervolumeOfKnownSets() {
        assertEquals(6.0, Hypervolume.of(List.of(new double[]{1, 1}), new double[]{3, 4}), 1e-12);
        // two boxes [1,3]x[2,3] and [2,3]x[1,3]: 2 + 2 - 1 overlap
        assertEquals(3.0, Hypervolume.of(List.of(new double[]{1, 2}, new double[]{2, 1}), new double[]{3, 3}), 1e-12);
        assertEquals(3.0, Hypervolume.of(List.of(new double[]{1, 2}, new double[]{2, 1}, new double[]{2, 2}, new double[]{5, 0}),
                new double[]{3, 3}), 1e-12, "dominated and outside points add nothing");
        assertEquals(8.0, Hypervolume.of(List.of(new double[]{0, 0, 0}), new double[]{2, 2, 2}), 1e-12);
        // three unit-offset corners in 3-D: union of [1,2]x[0,2]x[0,2], [0,2]x[1,2]x[0,2], [0,2]x[0,2]x[1,2] = 8 - 1
        assertEquals(7.0, Hypervolume.of(List.of(new double[]{1, 0, 0}, new double[]{0, 1, 0}, new double[]{0, 0, 1}),
                new double[]{2, 2, 2}), 1e-12);
    }

    /** The exact hypervolume agrees with a Monte-Carlo estimate on a random 3-D front. */
    @Test
    void hypervolumeMatchesMonteCarlo() {
        Random rng = new Random(7);
        List<double[]> p = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            p.add(new double[]{rng.nextDouble(), rng.nextDouble(), rng.nextDouble()});
        }
        double exact = Hypervolume.of(p, new double[]{1, 1, 1});
        int hits = 0;
        int n = 400_000;
        for (int s = 0; s < n; s++) {
            double[] x = {rng.nextDouble(), rng.nextDouble(), rng.nextDouble()};
            for (double[] q : p) {
                if (q[0] <= x[0] && q[1] <= x[1] && q[2] <= x[2]) {
                    hits++;
                    break;
                }
            }
        }
        assertEquals(exact, hits / (double) n, 0.005);
    }
}
