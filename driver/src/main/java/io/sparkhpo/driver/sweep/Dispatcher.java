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
 * Runs a PBT member's segment of the built-in training as a Spark job of one task ({@link PbtLoop}'s
 * {@link SegmentRunner}), continuing from the checkpoint the previous segment left in the study folder, on whichever
 * executor Spark picks. The Spark UI names each job after its trial. A task that dies with its executor is run again
 * by Spark from the last checkpoint; a job Spark gives up on (past {@code spark.task.maxFailures}) is a FAILED
 * segment. (Sampled sweeps run on the runners' trial loop: {@code builtin.BuiltinSweep}; PBT moves there next.)
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
    private final TrialTask task;
    private final Progress progress;
    private volatile String dashboard;

    /** @param device {@code training.device}, checked by every task against the GPU it was given */
    Dispatcher(JavaSparkContext jsc, int threadsPerTrial, io.sparkhpo.executors.train.Device device, Progress progress) {
        this.jsc = jsc;
        this.task = new TrialTask(threadsPerTrial, device, jsc.sc().collectionAccumulator(TrialAttempts.GPU_ACCUMULATOR));
        this.progress = progress;
    }

    /**
     * Names the sweep's dashboard in every trial job's description, so the Spark UI's jobs page shows where to watch
     * the trial. As text: Spark's UI renders only root-relative links in job descriptions (Spark 3.5's
     * {@code UIUtils.makeDescription}), and the dashboard is not under the UI's root.
     */
    void dashboard(java.net.URI url) {
        this.dashboard = url.toString();
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
