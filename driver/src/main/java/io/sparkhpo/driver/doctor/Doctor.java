package io.sparkhpo.driver.doctor;

import io.sparkhpo.driver.config.SweepConfig;
import io.sparkhpo.driver.config.SweepConfigLoader;
import io.sparkhpo.driver.runtime.SparkSessions;
import io.sparkhpo.driver.sweep.SweepRunner;
import io.sparkhpo.driver.builtin.TrialFactory;
import io.sparkhpo.executors.data.DataSpec;
import io.sparkhpo.executors.train.TrialSpec;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * {@code sparkhpo doctor}: starts Spark as a sweep of the config would (embedded, or the cluster spark-submit chose),
 * runs one {@link DoctorProbe} task per trial slot, prints a table of what each found and its verdict, and exits 1
 * when any slot would fail its trials.
 */
public final class Doctor {

    /** The config {@code doctor} checks without {@code --config}: the default engine and device, ResNet-18 at width 64. */
    static final String DEFAULT_CONFIG = """
            study { name = doctor }
            data { name = cifar10 }
            model { width = 64 }
            training { epochs = 1, batch_size = 128 }
            search { sampler = random, trials = 1 }
            space { lr { type = categorical, values = [0.001] } }
            """;

    private Doctor() {
    }

    /** The config to check: {@code file}, or the built-in default. */
    public static SweepConfig config(java.nio.file.Path file) {
        return file != null ? SweepConfigLoader.load(file) : SweepConfigLoader.parse("(doctor's default config)", DEFAULT_CONFIG);
    }

    /**
     * @param steps      training steps to time per slot
     * @param maxSeconds stop timing after this long (after one step at least)
     * @return 0 when no slot fails, 1 otherwise
     */
    public static int run(SweepConfig cfg, int steps, double maxSeconds, PrintWriter out, PrintStream err) {
        int local = Math.min(cfg.search().parallelism().orElse(SweepRunner.defaultLocalParallelism(cfg)),
                io.sparkhpo.executors.train.Engines.get(cfg.training().engine()).trialsPerJvm().orElse(Integer.MAX_VALUE));
        boolean ownSession = SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = SparkSessions.start(cfg, local);
        try {
            int slots = spark.sparkContext().isLocal() ? local : SparkSessions.clusterSlots(spark);
            int threads = SparkSessions.threadsPerTrial(spark, slots);
            TrialSpec spec = probeSpec(cfg, steps);
            err.printf("sparkhpo: doctor: %d slot(s) on %s, %s batch %d on %s-shaped random images, %d steps (at most "
                            + "%.0f s) each%n", slots, spark.sparkContext().master(), spec.model().label(),
                    spec.batchSize(), spec.data().name(), steps, maxSeconds);
            JavaSparkContext jsc = new JavaSparkContext(spark.sparkContext());
            jsc.setJobGroup("sparkhpo-doctor", "sparkhpo doctor: one task per trial slot", true);
            List<DoctorRow> rows = new ArrayList<>(jsc.parallelize(IntStream.range(0, slots).boxed().toList(), slots)
                    .map(new DoctorProbe(spec, cfg.training().device(), threads, steps, maxSeconds)).collect());
            rows.sort(Comparator.comparing(DoctorRow::executor).thenComparing(DoctorRow::slot));
            print(rows, sharedGpus(rows), out);
            out.flush();
            return rows.stream().anyMatch(r -> r.verdict().level() == Verdict.Level.FAIL) ? 1 : 0;
        } finally {
            if (ownSession) {
                spark.stop();
            }
        }
    }

    /** The config's first trial (engine, model, batch size, optimizer), on random images of the data set's shape. */
    static TrialSpec probeSpec(SweepConfig cfg, int steps) {
        io.sparkhpo.search.trial.Trial first = SweepRunner.newStudy(cfg).ask();
        int batch = io.sparkhpo.driver.config.TrialParameters.batchSize(new TrialFactory(cfg, null).parameters(first));
        DataSpec data = new DataSpec(cfg.data().name(), "(random)", batch * (steps + 2), batch, 0, false, true,
                cfg.data().settings());
        return new TrialFactory(cfg, data).spec(first, data, 1);
    }

    /**
     * GPU addresses that two executors on one host both were given: their discovery scripts report the same device to
     * each, so their trials would share it.
     */
    static Map<String, List<String>> sharedGpus(List<DoctorRow> rows) {
        Map<String, List<String>> byDevice = new LinkedHashMap<>();
        for (DoctorRow r : rows) {
            if (r.gpus().equals("-")) {
                continue;
            }
            for (String a : r.gpus().split(",")) {
                List<String> executors = byDevice.computeIfAbsent(r.host() + " GPU " + a.trim(), k -> new ArrayList<>());
                if (!executors.contains(r.executor())) {
                    executors.add(r.executor());
                }
            }
        }
        byDevice.values().removeIf(e -> e.size() < 2);
        return byDevice;
    }

    static void print(List<DoctorRow> rows, Map<String, List<String>> shared, PrintWriter out) {
        out.printf(Locale.ROOT, "%4s  %-8s  %-16s  %5s  %7s  %-5s  %-6s  %-52s  %8s  %s%n", "slot", "executor", "host", "cores",
                "threads", "gpu", "engine", "native library", "img/s", "verdict");
        for (DoctorRow r : rows) {
            out.printf(Locale.ROOT, "%4d  %-8s  %-16s  %5d  %7d  %-5s  %-6s  %-52s  %8s  %s%n", r.slot(), r.executor(),
                    r.host(), r.cores(), r.threads(), r.gpus(), r.engine(), r.library(),
                    Double.isNaN(r.imagesPerSecond()) ? "-" : String.format(Locale.ROOT, "%.1f", r.imagesPerSecond()),
                    r.verdict().level());
        }
        Map<String, List<Integer>> texts = new LinkedHashMap<>();
        for (DoctorRow r : rows) {
            texts.computeIfAbsent(r.verdict().level() + ": " + r.verdict().text(), k -> new ArrayList<>()).add(r.slot());
        }
        out.println();
        texts.forEach((text, slots) -> out.printf("slot%s %s: %s%n", slots.size() > 1 ? "s" : "",
                slots.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse(""), text));
        shared.forEach((device, executors) -> out.printf("WARN: %s was given to executors %s: their trials would share it; "
                + "fix: one discovery script per host that hands each executor its own addresses%n", device, executors));
        long fail = rows.stream().filter(r -> r.verdict().level() == Verdict.Level.FAIL).count();
        out.printf("%s%n", fail == 0 ? "doctor: every slot can train" : "doctor: " + fail + " of " + rows.size()
                + " slot(s) would fail their trials");
    }
}
