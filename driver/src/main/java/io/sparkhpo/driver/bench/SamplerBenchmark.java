package io.sparkhpo.driver.bench;

import io.sparkhpo.search.sampler.RandomSampler;
import io.sparkhpo.search.sampler.Sampler;
import io.sparkhpo.search.sampler.Samplers;
import io.sparkhpo.search.sampler.TpeSampler;
import io.sparkhpo.search.space.SearchSpace;
import io.sparkhpo.search.storage.InMemoryStorage;
import io.sparkhpo.search.trial.Direction;
import io.sparkhpo.search.study.Study;
import io.sparkhpo.search.trial.Outcome;
import io.sparkhpo.search.trial.Trial;
import io.sparkhpo.search.trial.TrialHistory;
import io.sparkhpo.search.trial.TrialSnapshot;
import io.sparkhpo.search.trial.TrialState;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Our samplers against Optuna's on the same test functions, budgets and seeds (Optuna through
 * {@code optuna_bench.py} in a subprocess), and the time of one TPE {@code ask()} as the history grows.
 *
 * <p>Each run minimizes a {@link TestFunction}, noiseless or with Gaussian noise; the score of a run after
 * {@code b} trials is the true (noiseless) value of the trial with the best observed value among its first
 * {@code b} (so noise cannot flatter a sampler). The table gives the median and quartiles over the seeds.
 */
public final class SamplerBenchmark {

    /**
     * A sampler as the benchmark runs it: a registered one with some settings changed.
     *
     * @param overrides settings that differ from the sampler's defaults
     */
    record Variant(Samplers.Type type, Map<String, Object> overrides) {
        Sampler create(long seed, SearchSpace space) {
            Map<String, Object> settings = new LinkedHashMap<>();
            type.settings().forEach(st -> settings.put(st.key(), st.defaultValue().orElseThrow()));
            settings.putAll(overrides);
            return type.create(new Samplers.Context(seed, space, Map.of(), settings));
        }
    }

    /**
     * Sampler keys: every registered sampler that needs no grid, under its name, and {@code tpe-mv} (TPE with
     * {@code multivariate = true}); Optuna's counterparts are named the same in the script.
     */
    static final Map<String, Variant> SAMPLERS = new LinkedHashMap<>();

    static {
        for (Samplers.Type t : Samplers.REGISTRY.entries()) {
            if (!t.enumerates()) {
                SAMPLERS.put(t.name(), new Variant(t, Map.of()));
            }
        }
        SAMPLERS.put("tpe-mv", new Variant(Samplers.get("tpe"), Map.of("multivariate", true)));
    }

    public record Settings(List<String> functions, List<String> samplers, int seeds, List<Integer> budgets, List<Integer> askSizes,
                    String python, int threads) {
    }

    /** One (function, noise, sampler, side) cell: best-so-far traces, one per seed. */
    record Cell(String function, boolean noisy, String sampler, String side, List<double[]> traces, String error) {
    }

    private static final Pattern TRACE = Pattern.compile("\"best\": \\[([^]]*)]");
    private static final Pattern SECONDS = Pattern.compile("\"seconds\": \\[([^]]*)]");

    private final Settings s;
    private final PrintStream out;
    private final PrintStream progress;
    private Path script;

    public SamplerBenchmark(Settings s, PrintStream out, PrintStream progress) {
        this.s = s;
        this.out = out;
        this.progress = progress;
    }

    /** The keys {@code bench-search --samplers} takes, in order. */
    public static List<String> samplerKeys() {
        return List.copyOf(SAMPLERS.keySet());
    }

    public static Settings settings(List<String> functions, List<String> samplers, int seeds, List<Integer> budgets,
                                    List<Integer> askSizes, String python, int threads) {
        for (String f : functions) {
            TestFunction.byKey(f);
        }
        for (String k : samplers) {
            if (!SAMPLERS.containsKey(k)) {
                throw new IllegalArgumentException("unknown sampler '" + k + "'; known: " + SAMPLERS.keySet());
            }
        }
        return new Settings(functions, samplers, seeds, budgets, askSizes, python, threads);
    }

    public int run() throws IOException, InterruptedException {
        script = Files.createTempFile("sparkhpo-optuna-bench", ".py");
        script.toFile().deleteOnExit();
        try (InputStream in = SamplerBenchmark.class.getResourceAsStream("/io/sparkhpo/driver/bench/optuna_bench.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        String version = exec(List.of(s.python(), script.toString(), "version")).get(0);
        checkFunctionsAgree();
        int maxBudget = s.budgets().stream().mapToInt(Integer::intValue).max().orElseThrow();
        out.printf(Locale.ROOT, "Optuna %s (%s) vs sparkhpo search, %d seeds per cell, budgets %s; best true value found "
                + "(median [q1, q3]); noisy: Gaussian noise added to what the sampler sees%n", version, s.python(), s.seeds(), s.budgets());

        List<Cell> cells = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(s.threads());
        try {
            List<Future<Cell>> futures = new ArrayList<>();
            for (String f : s.functions()) {
                for (boolean noisy : new boolean[]{false, true}) {
                    for (String sampler : s.samplers()) {
                        for (String side : List.of("ours", "optuna")) {
                            futures.add(pool.submit(() -> side.equals("ours") ? ours(f, noisy, sampler, maxBudget)
                                    : optuna(f, noisy, sampler, maxBudget)));
                        }
                    }
                }
            }
            int done = 0;
            for (Future<Cell> fu : futures) {
                try {
                    Cell c = fu.get();
                    cells.add(c);
                    progress.printf(Locale.ROOT, "bench-search: [%d/%d] %s %s %s %s%s%n", ++done, futures.size(), c.function(),
                            c.noisy() ? "noisy" : "noiseless", c.sampler(), c.side(), c.error() == null ? "" : " FAILED: " + c.error());
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IOException(e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        printTable(cells);
        if (!s.askSizes().isEmpty()) {
            printAskTimes();
        }
        return 0;
    }

    /** Both sides must compute the same function: compare at a few random points. */
    private void checkFunctionsAgree() throws IOException, InterruptedException {
        SplittableRandom rng = new SplittableRandom(5);
        for (String key : s.functions()) {
            TestFunction f = TestFunction.byKey(key);
            RandomSampler r = new RandomSampler(rng.nextLong());
            for (int i = 0; i < 3; i++) {
                Map<String, Object> p = r.sample(f.space(), i, TrialHistory.empty());
                List<String> cmd = new ArrayList<>(List.of(s.python(), script.toString(), "check", key));
                p.forEach((k, v) -> cmd.add(k + "=" + v));
                double theirs = Double.parseDouble(exec(cmd).get(0));
                double mine = f.value(p);
                if (Math.abs(theirs - mine) > 1e-9 * Math.max(1, Math.abs(mine))) {
                    throw new IllegalStateException("test function " + key + " differs between Java (" + mine + ") and Python ("
                            + theirs + ") at " + p);
                }
            }
        }
    }

    private Cell ours(String key, boolean noisy, String samplerKey, int budget) {
        TestFunction f = TestFunction.byKey(key);
        List<double[]> traces = new ArrayList<>();
        for (int seed = 0; seed < s.seeds(); seed++) {
            Random noise = new Random(10_000 + seed);
            Study study = new Study("bench", Direction.MINIMIZE, f.space(), SAMPLERS.get(samplerKey).create(seed, f.space()), new InMemoryStorage());
            double bestObs = Double.POSITIVE_INFINITY;
            double bestTrue = Double.POSITIVE_INFINITY;
            double[] trace = new double[budget];
            for (int i = 0; i < budget; i++) {
                Trial t = study.ask();
                double truth = f.value(t.params());
                double obs = truth + (noisy ? noise.nextGaussian() * f.noise : 0);
                study.tell(t.number(), new Outcome.Complete(obs));
                if (obs < bestObs) {
                    bestObs = obs;
                    bestTrue = truth;
                }
                trace[i] = bestTrue;
            }
            traces.add(trace);
        }
        return new Cell(key, noisy, samplerKey, "ours", traces, null);
    }

    private Cell optuna(String key, boolean noisy, String samplerKey, int budget) {
        try {
            List<String> lines = exec(List.of(s.python(), script.toString(), "run", key, noisy ? "1" : "0", samplerKey, "0",
                    String.valueOf(s.seeds()), String.valueOf(budget)));
            List<double[]> traces = traces(lines);
            if (traces.size() != s.seeds()) {
                return new Cell(key, noisy, samplerKey, "optuna", traces, "expected " + s.seeds() + " runs, got " + traces.size());
            }
            return new Cell(key, noisy, samplerKey, "optuna", traces, null);
        } catch (IOException e) {
            return new Cell(key, noisy, samplerKey, "optuna", List.of(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Cell(key, noisy, samplerKey, "optuna", List.of(), "interrupted");
        }
    }

    /** Median, first and third quartile (numpy's linear interpolation). */
    static double[] quartiles(double[] v) {
        double[] x = v.clone();
        Arrays.sort(x);
        return new double[]{pct(x, 50), pct(x, 25), pct(x, 75)};
    }

    private static double pct(double[] sorted, double q) {
        double pos = q / 100 * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    private void printTable(List<Cell> cells) {
        String fmt = "%-10s %-6s %6s  %-7s %32s %32s  %s%n";
        out.printf(Locale.ROOT, fmt, "function", "noise", "budget", "sampler", "ours: median [q1, q3]", "optuna: median [q1, q3]", "verdict");
        int failures = 0;
        for (String f : s.functions()) {
            for (boolean noisy : new boolean[]{false, true}) {
                for (int budget : s.budgets()) {
                    for (String sampler : s.samplers()) {
                        Optional<Cell> o = find(cells, f, noisy, sampler, "ours");
                        Optional<Cell> p = find(cells, f, noisy, sampler, "optuna");
                        double[] qo = o.filter(c -> c.error() == null).map(c -> quartiles(at(c, budget))).orElse(null);
                        double[] qp = p.filter(c -> c.error() == null).map(c -> quartiles(at(c, budget))).orElse(null);
                        String verdict = verdict(sampler, qo, qp);
                        if (verdict.startsWith("WORSE")) {
                            failures++;
                        }
                        out.printf(Locale.ROOT, fmt, f, noisy ? "noisy" : "none", budget, sampler, render(qo), render(qp), verdict);
                    }
                }
            }
        }
        out.printf(Locale.ROOT, "verdict: TPE and CMA-ES \"ok\" when our median <= Optuna's third quartile (no worse at the quartiles' "
                + "resolution), \"better\" when it is below Optuna's first quartile; random/sobol \"same\" when the two "
                + "interquartile ranges overlap. %d cell(s) worse.%n", failures);
    }

    private static String verdict(String sampler, double[] ours, double[] theirs) {
        if (ours == null || theirs == null) {
            return "n/a";
        }
        if (SAMPLERS.get(sampler).type().learns()) {
            if (ours[0] < theirs[1]) {
                return "better";
            }
            return ours[0] <= theirs[2] ? "ok" : "WORSE";
        }
        boolean overlap = ours[1] <= theirs[2] && theirs[1] <= ours[2];
        if (overlap) {
            return "same";
        }
        return ours[0] < theirs[0] ? "better" : "WORSE";
    }

    private static String render(double[] q) {
        return q == null ? "-" : String.format(Locale.ROOT, "%.4g [%.4g, %.4g]", q[0], q[1], q[2]);
    }

    private static double[] at(Cell c, int budget) {
        return c.traces().stream().mapToDouble(t -> t[Math.min(budget, t.length) - 1]).toArray();
    }

    private static Optional<Cell> find(List<Cell> cells, String f, boolean noisy, String sampler, String side) {
        return cells.stream().filter(c -> c.function().equals(f) && c.noisy() == noisy && c.sampler().equals(sampler)
                && c.side().equals(side)).findFirst();
    }

    /** The best-so-far trace of each run in {@code optuna_bench.py run}'s output, one per {@code "best": [...]} line. */
    static List<double[]> traces(List<String> lines) {
        List<double[]> traces = new ArrayList<>();
        for (String line : lines) {
            Matcher m = TRACE.matcher(line);
            if (m.find()) {
                traces.add(numbers(m.group(1)));
            }
        }
        return traces;
    }

    /** The median of {@code optuna_bench.py ask-time}'s seconds (its last line), in ms; NaN when there is none. */
    static double medianAskMillis(List<String> lines) {
        Matcher m = SECONDS.matcher(lines.isEmpty() ? "" : lines.get(lines.size() - 1));
        return m.find() ? quartiles(numbers(m.group(1)))[0] * 1000 : Double.NaN;
    }

    private static double[] numbers(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray();
    }

    private void printAskTimes() throws IOException, InterruptedException {
        out.printf(Locale.ROOT, "%nTPE ask() after N told trials (Hartmann-6 space, median of 5 asks, 1 thread):%n");
        out.printf(Locale.ROOT, "%8s %14s %14s %10s%n", "N", "ours ms", "optuna ms", "speedup");
        for (int n : s.askSizes()) {
            double ours = oursAskMillis(n);
            List<String> lines = exec(List.of(s.python(), script.toString(), "ask-time", String.valueOf(n), "5"));
            double theirs = medianAskMillis(lines);
            out.printf(Locale.ROOT, "%8d %14.3f %14.3f %9.0fx%n", n, ours, theirs, theirs / ours);
            progress.printf(Locale.ROOT, "bench-search: ask time after %d trials measured%n", n);
        }
    }

    /** One TPE ask after {@code n} COMPLETE trials at random points of Hartmann-6 (median of 5, after warm-up). */
    static double oursAskMillis(int n) {
        SearchSpace space = TestFunction.HARTMANN6.space();
        RandomSampler r = new RandomSampler(0);
        List<TrialSnapshot> trials = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> p = r.sample(space, i, TrialHistory.empty());
            trials.add(new TrialSnapshot(i, TrialState.COMPLETE, p, OptionalDouble.of(TestFunction.HARTMANN6.value(p)), Optional.empty()));
        }
        TrialHistory history = TrialHistory.of(trials, Direction.MINIMIZE);
        TpeSampler tpe = new TpeSampler(1);
        for (int i = 0; i < 3; i++) { // warm-up: class loading and JIT
            tpe.sample(space, n + i, history);
        }
        double[] ms = new double[5];
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            tpe.sample(space, n + 3 + i, history);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return quartiles(ms)[0];
    }

    private static List<String> exec(List<String> cmd) throws IOException, InterruptedException {
        return Subprocess.run(cmd, Map.of("OMP_NUM_THREADS", "1"));
    }
}
