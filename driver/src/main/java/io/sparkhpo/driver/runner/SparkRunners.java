package io.sparkhpo.driver.runner;

import io.sparkhpo.driver.runtime.TaskResources;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.deploy.SparkHadoopUtil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;

/**
 * The runner tasks of a sweep as one Spark job of {@code slots} tasks, each a {@link Runner} for as long as the
 * driver has trials. A task whose executor is lost is run again by Spark (it reconnects; its trial was handed out
 * again); a job Spark gives up on is submitted again while the sweep goes on, a bounded number of times.
 */
public final class SparkRunners {

    /** The job group of the runner jobs (the Spark UI's jobs page). */
    public static final String GROUP = "sparkhpo-runners";

    private final JavaSparkContext jsc;
    private final RunnerSpec spec;
    private final int slots;
    private final String description;
    private JavaFutureAction<Void> job;
    private int submitted;

    public SparkRunners(JavaSparkContext jsc, RunnerSpec spec, int slots, String description) {
        this.jsc = jsc;
        this.spec = spec;
        this.slots = slots;
        this.description = description;
    }

    /** Submits the job (again, if the last one ended while trials remain). */
    public synchronized void start() {
        submitted++;
        jsc.setJobGroup(GROUP, description + (submitted > 1 ? " (runners, submission " + submitted + ")" : " (runners)"),
                true);
        List<Integer> ids = IntStream.range(0, slots).boxed().toList();
        job = jsc.parallelize(ids, slots).foreachPartitionAsync(new Task(spec));
    }

    /** How many times the job was submitted. */
    public synchronized int submissions() {
        return submitted;
    }

    /** Whether the job has ended; if it failed, why. Null while it runs or when it ended well. */
    public synchronized String failure() {
        if (job == null || !job.isDone()) {
            return null;
        }
        try {
            job.get();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (ExecutionException e) {
            return String.valueOf(e.getCause() == null ? e : e.getCause().getMessage()).lines().findFirst().orElse("");
        }
    }

    public synchronized boolean running() {
        return job != null && !job.isDone();
    }

    /** Waits for the runners to stop (they do once the driver has no more trials for them). */
    public void await() throws InterruptedException {
        JavaFutureAction<Void> j;
        synchronized (this) {
            j = job;
        }
        try {
            j.get();
        } catch (ExecutionException e) {
            // recorded by failure(); the trials' outcomes are already in
        }
    }

    public synchronized void cancel() {
        if (job != null) {
            job.cancel(true);
        }
    }

    /** One runner task. */
    private static final class Task implements VoidFunction<Iterator<Integer>> {
        private final RunnerSpec spec;

        Task(RunnerSpec spec) {
            this.spec = spec;
        }

        @Override
        public void call(Iterator<Integer> slot) throws IOException {
            String gpu = TaskResources.gpu();
            List<String> gpus = gpu == null ? List.of() : Arrays.asList(gpu.split(","));
            Placement where = new Placement(SparkEnv.get().executorId(), TaskResources.host(), gpus);
            try {
                new Runner(spec, where, SparkHadoopUtil.get().newConfiguration(SparkEnv.get().conf()),
                        Thread.currentThread().getContextClassLoader()).run();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }
}
