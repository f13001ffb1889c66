package io.sparkhpo.driver.bench;

import io.sparkhpo.search.pruner.HyperbandPruner;
import io.sparkhpo.search.pruner.Pruner;
import io.sparkhpo.search.pruner.SuccessiveHalvingPruner;
import io.sparkhpo.search.sampler.Sampler;
import io.sparkhpo.search.sampler.Samplers;
import io.sparkhpo.search.space.SearchSpace;
import io.sparkhpo.search.storage.InMemoryStorage;
import io.sparkhpo.search.study.Study;
import io.sparkhpo.search.trial.Direction;
import io.sparkhpo.search.trial.Outcome;
import io.sparkhpo.search.trial.Trial;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * BOHB against Hyperband and ASHA with random sampling at the same total budget, on a multi-fidelity Hartmann-6: a
 * trial trained for {@code b} of {@value #MAX_BUDGET} steps reports {@code hartmann6(x) + (1 - b/R) + ε}, with
 * {@code ε ~ N(0, (0.3 (1 - b/R) + 0.02)²)}: the value improves with the budget, and low budgets rank trials by the
 * true function but noisily. A run asks trials one at a time, reports each step to its pruner, and stops once
 * {@value #TOTAL_STEPS} steps (20 full-budget trials' worth) are spent; its score is the true Hartmann-6 value of the
 * trial with the best value reported at the full budget. Hyperband: min_resource 1, max {@value #MAX_BUDGET}, η = 3
 * (4 brackets); ASHA: min_resource 1, η = 3. Samplers are built from the registry with the pruner, as a sweep builds
 * them.
 */
public final class MultiFidelityBenchmark {

    static final int MAX_BUDGET = 27;
    static final int TOTAL_STEPS = 20 * MAX_BUDGET;

    /** A search method: a registered sampler with some settings changed, and a pruner. */
    record Method(String sampler, Map<String, Object> overrides, Pruner pruner, String prunerName) {

        String name() {
            return sampler + (overrides.isEmpty() ? "" : " " + String.join(",", overrides.keySet())) + " (" + prunerName + ")";
        }

        Sampler create(long seed, SearchSpace space) {
            Samplers.Type type = Samplers.get(sampler);
            return type.create(type.context(seed, space, overrides), pruner);
        }
    }

    /** BOHB first (the others are compared with it), then TPE and random search under the same pruners. */
    static List<Method> methods() {
        Pruner hyperband = new HyperbandPruner(1, MAX_BUDGET, 3);
        Pruner asha = new SuccessiveHalvingPruner(1, 3, 0);
        Map<String, Object> largest = Map.of(Samplers.LARGEST_BUDGET, true);
        return List.of(
                new Method("bohb", Map.of(), hyperband, "hyperband"),
                new Method("random", Map.of(), hyperband, "hyperband"),
                new Method("random", Map.of(), asha, "asha"),
                new Method("bohb", Map.of(), asha, "asha"),
                new Method("tpe", Map.of(), hyperband, "hyperband"),
                new Method("tpe", largest, hyperband, "hyperband"),
                new Method("tpe", Map.of(), asha, "asha"),
                new Method("tpe", largest, asha, "asha"));
    }

    private MultiFidelityBenchmark() {
    }

    /** The score of one run (see the class comment). */
    static double run(Method m, long seed) {
        SearchSpace space = TestFunction.HARTMANN6.space();
        Study study = new Study("mf", Direction.MINIMIZE, space, m.create(seed, space), m.pruner(), new InMemoryStorage());
        SplittableRandom noise = new SplittableRandom(seed * 7919 + 17);
        int spent = 0;
        double bestReported = Double.POSITIVE_INFINITY;
        double score = Double.NaN;
        while (spent < TOTAL_STEPS) {
            Trial t = study.ask();
            double truth = TestFunction.HARTMANN6.value(t.params());
            double v = Double.NaN;
            int step = 0;
            boolean pruned = false;
            while (!pruned && step < MAX_BUDGET && spent < TOTAL_STEPS) {
                step++;
                spent++;
                double gap = 1 - step / (double) MAX_BUDGET;
                v = truth + gap + noise.nextGaussian() * (0.3 * gap + 0.02);
                study.report(t.number(), step, v);
                pruned = step < MAX_BUDGET && study.shouldPrune(t.number());
            }
            if (step == MAX_BUDGET) {
                study.tell(t.number(), new Outcome.Complete(v));
                if (v < bestReported) {
                    bestReported = v;
                    score = truth;
                }
            } else {
                study.tell(t.number(), new Outcome.Pruned(step));
            }
        }
        return score;
    }

    /** Runs every method on {@code seeds} seeds and prints the table; returns 0. */
    public static int print(int seeds, int threads, PrintStream out, PrintStream progress) throws Exception {
        List<Method> methods = methods();
        Map<String, double[]> scores = new java.util.LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            for (Method m : methods) {
                List<Future<Double>> runs = new ArrayList<>();
                for (long seed = 0; seed < seeds; seed++) {
                    long s = seed;
                    runs.add(pool.submit(() -> run(m, s)));
                }
                double[] v = new double[seeds];
                for (int i = 0; i < seeds; i++) {
                    v[i] = runs.get(i).get();
                }
                scores.put(m.name(), v);
                progress.printf("bench-search: multi-fidelity %s done%n", m.name());
            }
        } finally {
            pool.shutdown();
        }
        out.printf(Locale.ROOT, "%nMulti-fidelity Hartmann-6 (budget 1..%d steps, %d steps in all per run, %d seeds): true value of "
                + "the best full-budget trial (median [q1, q3]; minimum -3.322)%n", MAX_BUDGET, TOTAL_STEPS, seeds);
        out.printf(Locale.ROOT, "%-34s %-28s %s%n", "sampler (pruner)", "median [q1, q3]", "p(bohb lower)");
        String first = methods.get(0).name();
        double[] bohb = scores.get(first);
        for (Map.Entry<String, double[]> e : scores.entrySet()) {
            double[] q = SearchTable.quartiles(e.getValue());
            String p = e.getKey().equals(first) ? "-" : String.format(Locale.ROOT, "%.4f", SearchTable.pLower(bohb, e.getValue()));
            out.printf(Locale.ROOT, "%-34s %-28s %s%n", e.getKey(), String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", q[0], q[1], q[2]), p);
        }
        out.println("p(bohb lower): one-sided Mann-Whitney U test that the values of " + first + " are lower than the method's.");
        return 0;
    }
}
