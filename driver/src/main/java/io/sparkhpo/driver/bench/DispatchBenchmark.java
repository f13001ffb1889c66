package io.sparkhpo.driver.bench;

import io.sparkhpo.driver.objective.ObjectiveSweep;
import io.sparkhpo.driver.objective.Sweep;
import io.sparkhpo.driver.runtime.SparkSessions;
import io.sparkhpo.search.space.FloatDistribution;
import io.sparkhpo.search.space.SearchSpace;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code bench-dispatch}: the cost of handing short trials to executors. A sweep of {@link SleepObjective} trials
 * through the runner tasks (what user objectives use), then, in the same Spark session, the same trials as one
 * one-task Spark job each (how the built-in network's trials were dispatched before the runners), so the two overheads are measured on
 * the same machine in the same run. Overhead per trial is slot time not spent inside the objective:
 * (parallelism × wall time − Σ trial time) / trials.
 */
public final class DispatchBenchmark {

    private DispatchBenchmark() {
    }

    /**
     * @param jobs trials of the one-job-per-trial reference (0: none)
     * @return the overhead per trial, in milliseconds, of the runner dispatch
     */
    public static double run(int trials, int objectiveMs, int steps, int parallelism, int jobs, Path output,
                             PrintStream out, PrintStream err) {
        SparkSession spark = SparkSessions.start("sparkhpo bench-dispatch", parallelism, 0,
                java.util.Map.of("spark.ui.enabled", "false"), b -> { });
        try {
            Sweep.Outcome o = Sweep.builder().study("bench-dispatch", output.toString())
                    .objective(new SleepObjective())
                    .space(SearchSpace.builder().add("x", new FloatDistribution(0, 1, false, 0)).build())
                    .fixed("sleep_ms", (long) objectiveMs).fixed("steps", (long) steps)
                    .sampler("random").trials(trials).parallelism(parallelism).overwrite(true)
                    .progress(err).run(spark);
            ObjectiveSweep.Result r = o.result();
            long rows = o.trials().count();
            long distinct = o.trials().select("trial").distinct().count();
            long complete = o.trials().filter("state = 'COMPLETE'").count();
            double overhead = r.overheadMillisPerTrial();
            out.printf(Locale.ROOT, "dispatch: %d trials in %.1f s, %.1f trials/s, overhead %.1f ms per trial (%.1f%% of "
                            + "trial time)%n", trials, r.seconds(), trials / r.seconds(), overhead,
                    100 * overhead / Math.max(1e-9, r.trialSeconds() * 1000 / trials));
            out.printf(Locale.ROOT, "trials table: %d rows, %d distinct trials, %d COMPLETE%s%n", rows, distinct, complete,
                    rows == trials && distinct == trials ? " (each trial exactly once)" : " (NOT each trial exactly once)");
            out.printf(Locale.ROOT, "driver peak heap: %.0f MB%n", peakHeap() / 1e6);
            if (jobs > 0) {
                double perJob = sparkJobs(spark, jobs, objectiveMs, parallelism);
                out.printf(Locale.ROOT, "reference, same run: one Spark job per trial (the built-in network's former dispatch), "
                        + "%d trials: overhead %.1f ms per trial; the runners' is %.1fx smaller%n", jobs, perJob,
                        perJob / Math.max(overhead, 1e-3));
            }
            return overhead;
        } finally {
            spark.stop();
        }
    }

    /** Overhead per trial of one-task jobs sleeping {@code ms}, {@code parallelism} at a time. */
    private static double sparkJobs(SparkSession spark, int jobs, int ms, int parallelism) {
        JavaSparkContext jsc = new JavaSparkContext(spark.sparkContext());
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        long t0 = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    jsc.setJobGroup("bench-dispatch-reference", "reference trial " + n, true);
                    jsc.parallelize(List.of(n), 1).map(k -> {
                        Thread.sleep(ms);
                        return k;
                    }).collect();
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("the reference jobs failed: " + e, e);
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return Math.max(0, parallelism * seconds - jobs * ms / 1000.0) / jobs * 1000;
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
