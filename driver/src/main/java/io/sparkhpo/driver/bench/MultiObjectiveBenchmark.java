package io.sparkhpo.driver.bench;

import io.sparkhpo.search.json.Json;
import io.sparkhpo.search.pareto.Hypervolume;
import io.sparkhpo.search.pruner.Pruner;
import io.sparkhpo.search.sampler.NsgaIISampler;
import io.sparkhpo.search.sampler.Sampler;
import io.sparkhpo.search.sampler.TpeSampler;
import io.sparkhpo.search.space.SearchSpace;
import io.sparkhpo.search.storage.InMemoryStorage;
import io.sparkhpo.search.study.Study;
import io.sparkhpo.search.trial.Direction;
import io.sparkhpo.search.trial.Outcome;
import io.sparkhpo.search.trial.Trial;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;

/**
 * Our multi-objective samplers against Optuna's on ZDT1 and ZDT2 (30 variables, two objectives) and DTLZ2 (12
 * variables, three): the hypervolume of each run's trials after each budget, to the reference point (11, 11) for ZDT
 * and (4, 4, 4) for DTLZ2, computed here for both sides from the values each trial was told. NSGA-II (population 50)
 * and multi-objective TPE against Optuna's {@code NSGAIISampler}, and optionally multi-objective TPE against Optuna's
 * {@code TPESampler} with several directions (MOTPE).
 */
public final class MultiObjectiveBenchmark {

    /** A test problem: its space, objectives and reference point. */
    enum Problem {
        ZDT1("zdt1", 30, new double[]{11, 11}), ZDT2("zdt2", 30, new double[]{11, 11}), DTLZ2("dtlz2", 12, new double[]{4, 4, 4});

        final String key;
        final int variables;
        final double[] reference;

        Problem(String key, int variables, double[] reference) {
            this.key = key;
            this.variables = variables;
            this.reference = reference;
        }

        SearchSpace space() {
            SearchSpace.Builder b = SearchSpace.builder();
            for (int i = 1; i <= variables; i++) {
                b.addFloat("x" + i, 0, 1, false);
            }
            return b.build();
        }

        List<Double> values(double[] x) {
            if (this == DTLZ2) {
                double g = 0;
                for (int i = 2; i < x.length; i++) {
                    g += (x[i] - 0.5) * (x[i] - 0.5);
                }
                double a = x[0] * Math.PI / 2;
                double b = x[1] * Math.PI / 2;
                return List.of((1 + g) * Math.cos(a) * Math.cos(b), (1 + g) * Math.cos(a) * Math.sin(b), (1 + g) * Math.sin(a));
            }
            double sum = 0;
            for (int i = 1; i < x.length; i++) {
                sum += x[i];
            }
            double g = 1 + 9 * sum / (x.length - 1);
            double r = x[0] / g;
            return List.of(x[0], g * (this == ZDT1 ? 1 - Math.sqrt(r) : 1 - r * r));
        }

        int objectives() {
            return reference.length;
        }
    }

    /** One of ours and the Optuna sampler it is compared with. */
    record Pair(String ours, LongFunction<Sampler> sampler, String optuna) {
    }

    /**
     * Both of ours against Optuna's NSGA-II (the yardstick); with {@code motpe}, multi-objective TPE against
     * Optuna's too (Optuna 3.1's MOTPE took 258 s for one 200-trial ZDT1 run here, so it is optional).
     */
    static List<Pair> pairs(boolean motpe) {
        List<Pair> p = new ArrayList<>(List.of(new Pair("nsga2", s -> new NsgaIISampler(s, 50), "nsga2"),
                new Pair("tpe", TpeSampler::new, "nsga2")));
        if (motpe) {
            p.add(new Pair("tpe", TpeSampler::new, "motpe"));
        }
        return p;
    }

    private MultiObjectiveBenchmark() {
    }

    /** Every trial's values in a run of ours. */
    static List<List<Double>> ours(Problem p, Pair pair, long seed, int budget) {
        SearchSpace space = p.space();
        Study study = new Study(p.key, Collections.nCopies(p.objectives(), Direction.MINIMIZE), space, pair.sampler().apply(seed),
                Pruner.NONE, new InMemoryStorage());
        List<List<Double>> out = new ArrayList<>();
        for (int i = 0; i < budget; i++) {
            Trial t = study.ask();
            double[] x = new double[p.variables];
            for (int j = 0; j < x.length; j++) {
                x[j] = (Double) t.params().get("x" + (j + 1));
            }
            List<Double> v = p.values(x);
            study.tell(t.number(), new Outcome.Complete(v));
            out.add(v);
        }
        return out;
    }

    /** The hypervolume of the first {@code budget} trials' values. */
    static double hypervolume(List<List<Double>> values, int budget, double[] reference) {
        List<double[]> points = new ArrayList<>();
        for (List<Double> v : values.subList(0, Math.min(budget, values.size()))) {
            points.add(v.stream().mapToDouble(Double::doubleValue).toArray());
        }
        return Hypervolume.of(points, reference);
    }

    @SuppressWarnings("unchecked")
    static List<List<Double>> parse(String line) {
        List<List<Double>> out = new ArrayList<>();
        for (Object v : (List<Object>) Json.read(line).get("values")) {
            out.add(((List<Object>) v).stream().map(n -> ((Number) n).doubleValue()).toList());
        }
        return out;
    }

    /**
     * Runs both sides on every problem and prints one row per problem, pair and budget; fails if Python's problems
     * differ from ours.
     */
    public static void print(Path script, String python, int seeds, List<Integer> budgets, boolean motpe, int threads,
                             PrintStream out, PrintStream progress) throws Exception {
        for (Problem p : Problem.values()) {
            double[] x = new double[p.variables];
            java.util.Arrays.fill(x, 0.3);
            List<Double> theirs = parse("{\"values\": [" + Subprocess.run(List.of(python, script.toString(), "mo-check", p.key, "0.3"),
                    Map.of()).get(0) + "]}").get(0);
            for (int j = 0; j < theirs.size(); j++) {
                if (Math.abs(theirs.get(j) - p.values(x).get(j)) > 1e-12) {
                    throw new IOException("the Python and Java " + p.key + " differ: " + theirs + " vs " + p.values(x));
                }
            }
        }
        int budget = budgets.stream().mapToInt(Integer::intValue).max().orElseThrow();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        out.printf(Locale.ROOT, "%nMulti-objective: hypervolume of all trials so far (median [q1, q3], %d seeds; larger is better; "
                + "reference (11, 11) for ZDT, (4, 4, 4) for DTLZ2)%n", seeds);
        out.printf(Locale.ROOT, "%-6s %6s  %-6s %-6s %-30s %-30s %s%n", "problem", "budget", "ours", "optuna", "ours", "optuna",
                "p(ours larger)");
        try {
            for (Problem p : Problem.values()) {
                Map<String, List<Future<List<String>>>> optuna = new java.util.HashMap<>();
                for (Pair pair : pairs(motpe)) {
                    List<Future<List<List<Double>>>> mine = new ArrayList<>();
                    for (long seed = 0; seed < seeds; seed++) {
                        long s = seed;
                        mine.add(pool.submit(() -> ours(p, pair, s, budget)));
                    }
                    List<Future<List<String>>> other = optuna.computeIfAbsent(pair.optuna(), k -> {
                        List<Future<List<String>>> runs = new ArrayList<>();
                        for (long seed = 0; seed < seeds; seed++) {
                            String s = String.valueOf(seed);
                            runs.add(pool.submit(() -> Subprocess.run(List.of(python, script.toString(), "mo", p.key, k, s,
                                    String.valueOf(Long.parseLong(s) + 1), String.valueOf(budget)), Map.of("OMP_NUM_THREADS", "1"))));
                        }
                        return runs;
                    });
                    List<List<List<Double>>> a = new ArrayList<>();
                    List<List<List<Double>>> b = new ArrayList<>();
                    for (int i = 0; i < seeds; i++) {
                        a.add(mine.get(i).get());
                        List<String> lines = other.get(i).get();
                        b.add(parse(lines.get(lines.size() - 1)));
                    }
                    for (int bud : budgets) {
                        double[] ha = a.stream().mapToDouble(v -> -hypervolume(v, bud, p.reference)).toArray();
                        double[] hb = b.stream().mapToDouble(v -> -hypervolume(v, bud, p.reference)).toArray();
                        double[] qa = SearchTable.quartiles(ha);
                        double[] qb = SearchTable.quartiles(hb);
                        out.printf(Locale.ROOT, "%-7s %6d  %-6s %-6s %-30s %-30s %.3f%n", p.key, bud, pair.ours(), pair.optuna(),
                                String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", -qa[0], -qa[2], -qa[1]),
                                String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", -qb[0], -qb[2], -qb[1]),
                                SearchTable.pLower(ha, hb));
                    }
                    progress.printf("bench-search: multi-objective %s %s done%n", p.key, pair.ours());
                }
            }
        } finally {
            pool.shutdown();
        }
        out.println("p(ours larger): one-sided Mann-Whitney U test that our hypervolumes are larger than Optuna's.");
    }
}
