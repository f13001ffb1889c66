package io.sparkhpo.driver.sweep;

import io.sparkhpo.driver.runtime.HadoopCheckpointStore;
import io.sparkhpo.driver.runtime.StudyOutput;

import io.sparkhpo.driver.tables.StudyTables.Placement;
import io.sparkhpo.executors.train.EpochMetrics;
import io.sparkhpo.executors.train.RunState;
import io.sparkhpo.executors.train.TrialResult;
import io.sparkhpo.executors.train.TrialSpec;
import io.sparkhpo.search.study.Study;
import io.sparkhpo.search.trial.Trial;
import org.apache.spark.api.java.JavaSparkContext;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Keeps up to {@code parallelism} trials in flight, each as Spark jobs of one task (as Hyperopt's SparkTrials, but
 * asynchronous): a new trial is asked for as soon as one finishes. The Spark UI names each job after its trial.
 *
 * <p>With {@code segmentEpochs > 0} a trial runs as a chain of jobs of that many epochs, each continuing from the
 * checkpoint the previous one left in the study folder, on whichever executor Spark picks. Between segments the
 * driver reports each epoch's test error to the study and asks its pruner; a pruned trial stops there. A task that
 * dies with its executor is run again by Spark from the last checkpoint; a job Spark gives up on (past
 * {@code spark.task.maxFailures}) is a FAILED trial, and the sweep goes on.
 *
 * <p>{@code onFinish} is called on the dispatching thread, one trial at a time, in finishing order.
 */
final class Dispatcher implements SegmentRunner {

    /**
     * A finished trial: what it was, what it returned, where it ran, and whether its task found a device it cannot
     * train on (then the sweep stops asking).
     */
    record Finished(Trial trial, TrialSpec spec, TrialResult result, Placement placement, boolean unusableDevice,
                    Map<Integer, String> epochParams) {
        Finished(Trial trial, TrialSpec spec, TrialResult result, Placement placement, boolean unusableDevice) {
            this(trial, spec, result, placement, unusableDevice, Map.of());
        }

        Finished(Trial trial, TrialSpec spec, TrialResult result, Placement placement) {
            this(trial, spec, result, placement, false);
        }
    }

    private final JavaSparkContext jsc;
    private final int parallelism;
    private final TrialTask task;
    private final Progress progress;
    private final int segmentEpochs;
    private final String studyDir;
    private Study study;
    private volatile String stopReason;
    private volatile String dashboard;

    /**
     * @param device        {@code training.device}, checked by every task against the GPU it was given
     * @param segmentEpochs epochs per job with checkpoints in {@code studyDir}; 0 for one job per trial
     */
    Dispatcher(JavaSparkContext jsc, int parallelism, int threadsPerTrial, io.sparkhpo.executors.train.Device device,
               Progress progress, int segmentEpochs, String studyDir) {
        this.jsc = jsc;
        this.parallelism = parallelism;
        this.task = new TrialTask(threadsPerTrial, device, jsc.sc().collectionAccumulator(TrialAttempts.GPU_ACCUMULATOR));
        this.progress = progress;
        this.segmentEpochs = segmentEpochs;
        this.studyDir = studyDir == null ? null : StudyOutput.qualified(studyDir, jsc.hadoopConfiguration());
    }

    /**
     * Names the sweep's dashboard in every trial job's description, so the Spark UI's jobs page shows where to watch
     * the trial. As text: Spark's UI renders only root-relative links in job descriptions (Spark 3.5's
     * {@code UIUtils.makeDescription}), and the dashboard is not under the UI's root.
     */
    void dashboard(java.net.URI url) {
        this.dashboard = url.toString();
    }

    /**
     * Before the first trial on a cluster: one task per slot loads the data set into its executor's cache and the
     * engine's native libraries, so the first segment on each executor does not pay for it. Returns its seconds.
     */
    double warmUp(io.sparkhpo.executors.data.DataSpec data, String engine) {
        if (jsc.isLocal()) {
            return 0;
        }
        long t0 = System.nanoTime();
        jsc.setJobGroup("sparkhpo-warm-up", "sparkhpo warm-up: data and " + engine + " on every executor", true);
        List<Integer> slots = java.util.stream.IntStream.range(0, parallelism).boxed().toList();
        jsc.parallelize(slots, parallelism).foreach(i -> TrialTask.warmUp(data, engine));
        return (System.nanoTime() - t0) / 1e9;
    }

    void run(Study study, int trials, Function<Trial, TrialSpec> specs, Consumer<Finished> onFinish) {
        this.study = study;
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
                if (f.unusableDevice() && stopReason == null) {
                    stopReason = "trial " + f.trial().number() + " on executor " + f.placement().executor() + " ("
                            + f.placement().host() + "): " + f.result().message();
                    progress.stopping(stopReason, inFlight);
                }
                if (asked < trials && stopReason == null) {
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

    /**
     * Why the sweep stopped before asking for all its trials: a task was given a device its engine cannot train on,
     * which every further trial would hit too. Empty when it ran to the end.
     */
    java.util.Optional<String> stopReason() {
        return java.util.Optional.ofNullable(stopReason);
    }

    private void submit(CompletionService<Finished> done, Trial trial, Function<Trial, TrialSpec> specs) {
        TrialSpec spec = specs.apply(trial);
        progress.started(spec);
        done.submit(() -> segmentEpochs > 0 && segmentEpochs < spec.epochs() ? runSegments(trial, spec)
                : runJob(trial, Segment.whole(spec)));
    }

    /**
     * The trial as a chain of segments. A trial interrupted in an earlier run of the sweep (resumed) continues at its
     * checkpoint's epoch.
     */
    private Finished runSegments(Trial trial, TrialSpec spec) {
        HadoopCheckpointStore store = new HadoopCheckpointStore(HadoopCheckpointStore.pathFor(studyDir, spec.number()),
                jsc.hadoopConfiguration());
        int from = store.nextEpoch().orElse(0);
        if (from >= spec.epochs()) {
            from = 0;
        }
        Finished f;
        double seconds = 0;
        while (true) {
            int to = Math.min(spec.epochs(), from + segmentEpochs);
            f = runJob(trial, new Segment(spec, from, to, HadoopCheckpointStore.pathFor(studyDir, spec.number())));
            seconds += f.result().wallSeconds();
            TrialResult r = withSeconds(f.result(), seconds); // the trial's time is the sum of its segments'
            f = new Finished(trial, spec, r, f.placement(), f.unusableDevice());
            for (EpochMetrics m : r.epochs()) {
                study.report(trial.number(), m.epoch() + 1, m.testError()); // step = epochs trained
            }
            if (r.state() != RunState.COMPLETE || to == spec.epochs()) {
                break;
            }
            double last = r.epochs().isEmpty() ? Double.NaN : r.epochs().get(r.epochs().size() - 1).testError();
            if (study.shouldPrune(trial.number())) {
                String why = "pruned by " + study.pruner() + " after epoch " + to + " (test error " + String.format("%.4f", last) + ")";
                f = new Finished(trial, spec, TrialResult.of(spec.number(), RunState.PRUNED, r.epochs(), why, r.wallSeconds(),
                        r.parameters()), f.placement());
                break;
            }
            progress.segment(spec, to, last, f.placement().executor() == null ? "-" : f.placement().executor());
            from = to;
        }
        store.delete();
        return f;
    }

    private static TrialResult withSeconds(TrialResult r, double seconds) {
        return new TrialResult(r.number(), r.state(), r.epochs(), r.message(), seconds, r.parameters(), r.swa());
    }

    /** One Spark job of one task: the trial's segment (or the whole trial), on whichever executor Spark picks. */
    @Override
    public Finished runJob(Trial trial, Segment segment) {
        TrialSpec spec = segment.spec();
        long start = System.nanoTime();
        jsc.setJobGroup(TrialAttempts.GROUP_PREFIX + spec.number(), "sparkhpo trial " + spec.label()
                + (segment.checkpoint() == null ? "" : " epochs " + (segment.from() + 1) + "-" + segment.to())
                + (dashboard == null ? "" : " · dashboard " + dashboard + "#/0/trial/" + spec.number()), true);
        try {
            List<TaskOutput> out = jsc.parallelize(List.of(segment), 1).map(task).collect();
            TaskOutput o = out.get(0);
            progress.job((System.nanoTime() - start) / 1e9, o.result().wallSeconds());
            return new Finished(trial, spec, o.result(), new Placement(o.executor(), o.host(), o.gpu()), o.unusableDevice());
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
