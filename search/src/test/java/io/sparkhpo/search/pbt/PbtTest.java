package io.sparkhpo.search.pbt;

import io.sparkhpo.search.space.FloatDistribution;
import io.sparkhpo.search.space.IntDistribution;
import io.sparkhpo.search.space.SearchSpace;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PbtTest {

    static final SearchSpace TOY = SearchSpace.builder().addFloat("h0", 0, 1, false).addFloat("h1", 0, 1, false).build();

    static Pbt.Settings settings(int population, boolean exploit, long seed) {
        return new Pbt.Settings(population, 4, 0.25, 0.25, List.of(0.8, 1.2), List.of("h0", "h1"), true, exploit, seed);
    }

    static Pbt.Settings pb2(int population, long seed) {
        return new Pbt.Settings(population, 4, 0.25, 0.25, List.of(0.8, 1.2), List.of("h0", "h1"), true, true, seed, true);
    }

    /** The true objective of the PBT paper's toy problem (section 4.1): Q(θ) = 1.2 − (θ0² + θ1²). */
    static double q(double[] t) {
        return 1.2 - (t[0] * t[0] + t[1] * t[1]);
    }

    /**
     * The toy problem: each member climbs the surrogate Q̂(θ|h) = 1.2 − (h0·θ0² + h1·θ1²) by gradient steps of 0.01
     * from θ = (0.9, 0.9), the first with h = (1, 0), the second with h = (0, 1) (the paper's two workers); every 4
     * steps they are scored by the true Q and PBT decides (exploit copies θ and h). Returns the best final Q.
     */
    static double toy(Pbt.Settings s, int steps) {
        Pbt pbt = new Pbt(s, TOY);
        double[][] theta = new double[s.population()][];
        Map<Integer, Map<String, Object>> h = new HashMap<>();
        for (int m = 0; m < s.population(); m++) {
            theta[m] = new double[]{0.9, 0.9};
            h.put(m, new LinkedHashMap<>(Map.of("h0", m % 2 == 0 ? 1.0 : 0.0, "h1", m % 2 == 0 ? 0.0 : 1.0)));
        }
        List<Pbt.Observation> history = new java.util.ArrayList<>();
        double[] lastQ = new double[s.population()];
        java.util.Arrays.fill(lastQ, q(new double[]{0.9, 0.9}));
        for (int step = 1; step <= steps; step++) {
            for (int m = 0; m < s.population(); m++) {
                theta[m][0] -= 0.01 * 2 * (Double) h.get(m).get("h0") * theta[m][0];
                theta[m][1] -= 0.01 * 2 * (Double) h.get(m).get("h1") * theta[m][1];
            }
            if (step % s.interval() == 0) {
                Map<Integer, Double> scores = new HashMap<>();
                for (int m = 0; m < s.population(); m++) {
                    scores.put(m, -q(theta[m])); // PBT minimizes
                    history.add(new Pbt.Observation(step, Map.copyOf(h.get(m)), q(theta[m]) - lastQ[m]));
                }
                Map<Integer, Map<String, Object>> before = new HashMap<>();
                h.forEach((m, v) -> before.put(m, Map.copyOf(v)));
                for (int m = 0; m < s.population(); m++) {
                    Optional<Pbt.Exploit> e = pbt.decide(m, step, scores, before, history);
                    if (e.isPresent()) {
                        theta[m] = theta[e.get().source()].clone();
                        h.get(m).putAll(e.get().after());
                    }
                }
                for (int m = 0; m < s.population(); m++) {
                    lastQ[m] = q(theta[m]);
                }
            }
        }
        double best = Double.NEGATIVE_INFINITY;
        for (double[] t : theta) {
            best = Math.max(best, q(t));
        }
        return best;
    }

    @Test
    void onThePapersToyProblemExploitAndExploreReachAHigherQThanTheSamePopulationAlone() {
        for (long seed : new long[]{1, 2, 3}) {
            double alone = toy(settings(2, false, seed), 200);
            double pbt = toy(settings(2, true, seed), 200);
            // alone, each member only ever shrinks one coordinate: Q stays below 1.2 − 0.81
            assertTrue(alone < 0.4, "without exploit and explore: " + alone);
            assertTrue(pbt > 1.1, "seed " + seed + ": PBT reaches " + pbt + " against " + alone + " alone");
        }
    }

    @Test
    void pb2AlsoBeatsTheSamePopulationAloneOnTheToyProblem() {
        for (long seed : new long[]{1, 2, 3}) {
            double alone = toy(settings(2, false, seed), 200);
            double pb2 = toy(pb2(2, seed), 200);
            assertTrue(pb2 > 1.1, "seed " + seed + ": PB2 reaches " + pb2 + " against " + alone + " alone");
        }
    }

    /** With an improvement that peaks at h = (0.8, 0.3) whatever the time, PB2's GP bandit explores near the peak. */
    @Test
    void pb2ChoosesWhereTheModelExpectsTheMostImprovement() {
        Pbt pbt = new Pbt(pb2(4, 7), TOY);
        List<Pbt.Observation> history = new java.util.ArrayList<>();
        for (int t = 4; t <= 8; t += 4) {
            for (double a = 0; a <= 1.0001; a += 0.25) {
                for (double b = 0; b <= 1.0001; b += 0.25) {
                    history.add(new Pbt.Observation(t, Map.of("h0", a, "h1", b), -((a - 0.8) * (a - 0.8) + (b - 0.3) * (b - 0.3))));
                }
            }
        }
        Map<Integer, Double> scores = Map.of(0, 0.1, 1, 0.2, 2, 0.3, 3, 0.4);
        Map<Integer, Map<String, Object>> params = new HashMap<>();
        for (int m = 0; m < 4; m++) {
            params.put(m, Map.of("h0", 0.1, "h1", 0.9));
        }
        Pbt.Exploit e = pbt.decide(3, 8, scores, params, history).orElseThrow();
        double h0 = (Double) e.after().get("h0");
        double h1 = (Double) e.after().get("h1");
        assertTrue(Math.abs(h0 - 0.8) < 0.2 && Math.abs(h1 - 0.3) < 0.2, "PB2 explores near the peak: " + e.after());
        assertEquals(e, pbt.decide(3, 8, scores, params, history).orElseThrow(), "seeded: the same choice again");
    }

    @Test
    void theWorstQuantileCopiesTheBestAndDecisionsDependOnlyOnTheSeedMemberAndEpoch() {
        Pbt pbt = new Pbt(new Pbt.Settings(8, 2, 0.25, 0.0, List.of(0.8, 1.2), List.of("h0"), true, true, 5), TOY);
        Map<Integer, Double> scores = new HashMap<>();
        Map<Integer, Map<String, Object>> params = new HashMap<>();
        for (int m = 0; m < 8; m++) {
            scores.put(m, (double) m); // member 0 best, 7 worst
            params.put(m, Map.of("h0", 0.5, "h1", 0.5));
        }
        assertEquals(new Pbt.Quantiles(List.of(6, 7), List.of(0, 1)), pbt.quantiles(scores));
        for (int m = 0; m < 6; m++) {
            assertTrue(pbt.decide(m, 4, scores, params).isEmpty(), "member " + m + " is not in the bottom quantile");
        }
        Pbt.Exploit e = pbt.decide(7, 4, scores, params).orElseThrow();
        assertTrue(List.of(0, 1).contains(e.source()));
        double after = (Double) e.after().get("h0");
        assertTrue(Math.abs(after - 0.4) < 1e-12 || Math.abs(after - 0.6) < 1e-12, "0.5 times 0.8 or 1.2: " + after);
        assertEquals(e, pbt.decide(7, 4, new HashMap<>(scores), params).orElseThrow(), "the same draw again");
        assertEquals(Map.of("h0", 0.5), e.before());
    }

    @Test
    void perturbedValuesStayInsideTheSpace() {
        SearchSpace s = SearchSpace.builder().addFloat("lr", 1e-4, 1e-1, true).add("w", new IntDistribution(1, 4, false, 1)).build();
        Pbt pbt = new Pbt(new Pbt.Settings(4, 1, 0.5, 0.0, List.of(2.0), List.of("lr", "w"), false, true, 1), s);
        Pbt.Exploit e = pbt.decide(1, 1, Map.of(0, 0.1, 1, 0.9), Map.of(0, Map.of("lr", 0.08, "w", 4L), 1, Map.of("lr", 1e-3, "w", 1L)))
                .orElseThrow();
        assertEquals(0.1, (Double) e.after().get("lr"), 1e-15, "0.16 clipped to the high bound");
        assertEquals(4L, e.after().get("w"));
    }

    @Test
    void badSettingsAreRefusedNamingTheKey() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> settings(1, true, 1)).getMessage().contains("population"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Pbt(new Pbt.Settings(2, 1, 0.25, 0.25, List.of(1.2),
                List.of("beta"), true, true, 1), TOY)).getMessage().contains("'beta' is not a parameter"));
        SearchSpace cat = SearchSpace.builder().addCategorical("opt", "adam", "sgd").build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Pbt(new Pbt.Settings(2, 1, 0.25, 0.25, List.of(1.2),
                List.of("opt"), true, true, 1), cat)).getMessage().contains("categorical"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Pbt.Settings(2, 0, 0.25, 0.25, List.of(1.2),
                List.of("h0"), true, true, 1)).getMessage().contains("perturbation_interval"));
    }
}
