package io.sparkhpo.driver.bench;

import io.sparkhpo.search.sampler.RandomSampler;
import io.sparkhpo.search.sampler.Sampler;
import io.sparkhpo.search.sampler.Samplers;
import io.sparkhpo.driver.bench.SearchTable.Cell;
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
     * @param overrides  settings that differ from the sampler's defaults
     * @param references the Optuna samplers (keys of {@code optuna_bench.py}) it is compared with: its counterpart, or
     *                   for one Optuna 3.1 lacks (GP), Optuna's model-based samplers
     */
    record Variant(Samplers.Type type, Map<String, Object> overrides, List<String> references) {
        Sampler create(long seed, SearchSpace space) {
            return type.create(type.context(seed, space, overrides));
        }
    }

    /**
     * Sampler keys: every registered sampler that needs no grid, under its name, and {@code tpe-mv} (TPE with
     * {@code multivariate = true}); Optuna's counterparts are named the same in the script.
     */
    static final Map<String, Variant> SAMPLERS = new LinkedHashMap<>();

    static {
        for (Samplers.Type t : Samplers.REGISTRY.entries()) {
            if (!t.enumerates() && t.budgets() != Samplers.Budgets.REQUIRED) { // BOHB: MultiFidelityBenchmark
                SAMPLERS.put(t.name(), new Variant(t, Map.of(), t.name().equals("gp") ? List.of("tpe", "tpe-mv", "cmaes")
                        : List.of(t.name())));
            }
        }
        SAMPLERS.put("tpe-mv", new Variant(Samplers.get("tpe"), Map.of("multivariate", true), List.of("tpe-mv")));
    }

    public record Settings(List<String> functions, List<String> samplers, int seeds, List<Integer> budgets, List<Integer> askSizes,
                    String python, int threads) {
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

    /** Optuna's side, {@code optuna_bench.py}, written to a temporary file (removed when the JVM exits). */
    public static Path optunaScript() throws IOException {
        Path script = Files.createTempFile("sparkhpo-optuna-bench", ".py");
        script.toFile().deleteOnExit();
        try (InputStream in = SamplerBenchmark.class.getResourceAsStream("/io/sparkhpo/driver/bench/optuna_bench.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        return script;
    }

    public int run() throws IOException, InterruptedException {
        script = optunaScript();
        String version = exec(List.of(s.python(), script.toString(), "version")).get(0);
        checkFunctionsAgree();
        int maxBudget = s.budgets().stream().mapToInt(Integer::intValue).max().orElseThrow();
        out.printf(Locale.ROOT, "Optuna %s (%s) vs sparkhpo search, %d seeds per cell, budgets %s; best true value found "
                + "(median [q1, q3]); noisy: Gaussian noise added to what the sampler sees%n", version, s.python(), s.seeds(), s.budgets());

        List<Cell> cells = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(s.threads());
        java.util.Set<String> references = new java.util.LinkedHashSet<>();
        s.samplers().forEach(k -> references.addAll(SAMPLERS.get(k).references()));
        try {
            List<Future<Cell>> futures = new ArrayList<>();
            for (String f : s.functions()) {
                for (boolean noisy : new boolean[]{false, true}) {
                    for (String sampler : s.samplers()) {
                        futures.add(pool.submit(() -> ours(f, noisy, sampler, maxBudget)));
                    }
                    for (String ref : references) {
                        futures.add(pool.submit(() -> optuna(f, noisy, ref, maxBudget)));
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
        Map<String, List<String>> pairs = new LinkedHashMap<>();
        Map<String, Boolean> learns = new LinkedHashMap<>();
        for (String k : s.samplers()) {
            pairs.put(k, SAMPLERS.get(k).references());
            learns.put(k, SAMPLERS.get(k).type().learns());
        }
        new SearchTable(s.functions(), s.budgets(), cells).print(pairs, learns, out);
        if (!s.askSizes().isEmpty()) {
            printAskTimes();
        }
        if (s.samplers().contains("gp")) {
            printGpAskTimes();
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
        return m.find() ? SearchTable.quartiles(numbers(m.group(1)))[0] * 1000 : Double.NaN;
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

    /** The GP's ask time as the history grows, on the 6-D Hartmann space (the latency target: 200 trials). */
    private void printGpAskTimes() {
        out.printf(Locale.ROOT, "%nGP ask() after N told trials (Hartmann-6 space, 6-D, median of 5 asks, 1 thread; above "
                + "max_history = 250 it fits a subsample of 250):%n");
        out.printf(Locale.ROOT, "%8s %14s%n", "N", "ours ms");
        for (int n : List.of(50, 100, 200, 250, 1000)) {
            out.printf(Locale.ROOT, "%8d %14.1f%n", n, askMillis(SAMPLERS.get("gp").create(1, TestFunction.HARTMANN6.space()), n));
            progress.printf(Locale.ROOT, "bench-search: GP ask time after %d trials measured%n", n);
        }
    }

    /** One TPE ask after {@code n} COMPLETE trials at random points of Hartmann-6 (median of 5, after warm-up). */
    static double oursAskMillis(int n) {
        return askMillis(new TpeSampler(1), n);
    }

    /** One ask of {@code sampler} after {@code n} COMPLETE trials at random points of Hartmann-6 (median of 5, after warm-up). */
    static double askMillis(Sampler sampler, int n) {
        SearchSpace space = TestFunction.HARTMANN6.space();
        RandomSampler r = new RandomSampler(0);
        List<TrialSnapshot> trials = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> p = r.sample(space, i, TrialHistory.empty());
            trials.add(new TrialSnapshot(i, TrialState.COMPLETE, p, OptionalDouble.of(TestFunction.HARTMANN6.value(p)), Optional.empty()));
        }
        TrialHistory history = TrialHistory.of(trials, Direction.MINIMIZE);
        for (int i = 0; i < 3; i++) { // warm-up: class loading and JIT
            sampler.sample(space, n + i, history);
        }
        double[] ms = new double[5];
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            sampler.sample(space, n + 3 + i, history);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return SearchTable.quartiles(ms)[0];
    }

    private static List<String> exec(List<String> cmd) throws IOException, InterruptedException {
        return Subprocess.run(cmd, Map.of("OMP_NUM_THREADS", "1"));
    }
}
