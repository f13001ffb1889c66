package io.sparkhpo.driver.sweep;

import io.sparkhpo.driver.tables.StudyTables.Placement;
import io.sparkhpo.executors.train.RunState;
import io.sparkhpo.executors.train.TrialResult;
import io.sparkhpo.executors.train.TrialSpec;
import io.sparkhpo.search.study.Study;
import io.sparkhpo.search.trial.Trial;
import org.apache.spark.api.java.JavaSparkContext;

import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Keeps up to {@code parallelism} trials in flight, each as its own Spark job of one task (as Hyperopt's
 * SparkTrials, but asynchronous): a new trial is asked for as soon as one finishes. The Spark UI names each
 * job after its trial. A job that Spark gives up on (its task failed past {@code spark.task.maxFailures}) is a
 * FAILED trial; the sweep goes on.
 *
 * <p>{@code onFinish} is called on the dispatching thread, one trial at a time, in finishing order.
 */
final class Dispatcher {

    /** A finished trial: what it was, what it returned, where it ran. */
    record Finished(Trial trial, TrialSpec spec, TrialResult result, Placement placement) {
    }

    private final JavaSparkContext jsc;
    private final int parallelism;
    private final TrialTask task;
    private final Progress progress;

    Dispatcher(JavaSparkContext jsc, int parallelism, int threadsPerTrial, Progress progress) {
        this.jsc = jsc;
        this.parallelism = parallelism;
        this.task = new TrialTask(threadsPerTrial);
        this.progress = progress;
    }

    void run(Study study, int trials, Function<Trial, TrialSpec> specs, Consumer<Finished> onFinish) {
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "sparkhpo-dispatch");
            t.setDaemon(true);
            return t;
        });
        CompletionService<Finished> done = new ExecutorCompletionService<>(pool);
        try {
            int asked = 0;
            int inFlight = 0;
            while (asked < trials && inFlight < parallelism) {
                submit(done, study.ask(), specs);
                asked++;
                inFlight++;
            }
            while (inFlight > 0) {
                Finished f = done.take().get();
                inFlight--;
                onFinish.accept(f);
                if (asked < trials) {
                    submit(done, study.ask(), specs);
                    asked++;
                    inFlight++;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            jsc.cancelAllJobs();
            throw new IllegalStateException("sweep interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("dispatching a trial failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private void submit(CompletionService<Finished> done, Trial trial, Function<Trial, TrialSpec> specs) {
        TrialSpec spec = specs.apply(trial);
        progress.started(spec);
        done.submit(() -> runJob(trial, spec));
    }

    private Finished runJob(Trial trial, TrialSpec spec) {
        long start = System.nanoTime();
        jsc.setJobGroup("sparkhpo-trial-" + spec.number(), "sparkhpo trial " + spec.label(), true);
        try {
            List<TaskOutput> out = jsc.parallelize(List.of(spec), 1).map(task).collect();
            TaskOutput o = out.get(0);
            return new Finished(trial, spec, o.result(), new Placement(o.executor(), o.host(), o.gpu()));
        } catch (RuntimeException e) {
            String message = "Spark job failed: " + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
            TrialResult failed = TrialResult.of(spec.number(), RunState.FAILED, List.of(), message,
                    (System.nanoTime() - start) / 1e9, 0);
            return new Finished(trial, spec, failed, Placement.NONE);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
