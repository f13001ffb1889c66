package io.sparkhpo.driver.builtin;

import io.sparkhpo.api.Objective;
import io.sparkhpo.api.TrialContext;
import io.sparkhpo.api.TrialPruned;
import io.sparkhpo.driver.runner.Done;
import io.sparkhpo.driver.runner.RunnerContext;
import io.sparkhpo.driver.runtime.HadoopCheckpointStore;
import io.sparkhpo.driver.runtime.TaskResources;
import io.sparkhpo.executors.train.Device;
import io.sparkhpo.executors.train.EpochMetrics;
import io.sparkhpo.executors.train.Engines;
import io.sparkhpo.executors.train.RunState;
import io.sparkhpo.executors.train.TrialResult;
import io.sparkhpo.executors.train.TrialRunner;
import io.sparkhpo.executors.train.TrialSpec;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkEnv;
import org.apache.spark.deploy.SparkHadoopUtil;

import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The built-in training (a network of the config on its data set, {@link TrialRunner}) as an objective the runners
 * run like any user's: each epoch is a report (step = epochs trained, value = test error, the epoch's metrics), judged
 * by the pruner or a PBT population; a checkpoint is written every {@code checkpointEvery} epochs (and before a PBT
 * boundary's report) in the trial's place in the study folder, on another thread while the next epoch trains (a PBT
 * report waits for it), and a trial run again (a lost runner, an I/O error, a resumed sweep, a PBT member that took
 * another's checkpoint) continues from it: from its live session when it runs again in the same executor and its
 * checkpoint is still its own ({@code LiveSessions}). The whole result travels to the
 * driver as an internal attribute ({@link BuiltinResult}), for the trials table's columns. A GPU the engine cannot
 * use fails the trial and stops the sweep ({@link Done#STOP}); an I/O error is a failure that may pass
 * ({@link RunnerContext.Retry}).
 */
public final class BuiltinObjective implements Objective, Serializable {

    private static final long serialVersionUID = 1L;

    private final TrialFactory factory;
    private final Device device;
    private final int checkpointEvery;
    private final String studyDir;
    private final String pruner;
    private final boolean population;

    /**
     * @param checkpointEvery epochs between checkpoints; 0 for none (a lost trial starts over)
     * @param studyDir        the study folder as a full URI
     * @param pruner          the pruner's name, for a pruned trial's message
     * @param population      PBT: the driver copies a member's checkpoint when it reports a boundary, so the report
     *                        waits until the checkpoint is complete; otherwise it is written while the next epoch trains
     */
    public BuiltinObjective(TrialFactory factory, Device device, int checkpointEvery, String studyDir, String pruner,
                            boolean population) {
        this.factory = factory;
        this.device = device;
        this.checkpointEvery = checkpointEvery;
        this.studyDir = studyDir;
        this.pruner = pruner;
        this.population = population;
    }

    @Override
    public double evaluate(TrialContext t) {
        RunnerContext ctx = (RunnerContext) t;
        TrialSpec spec = factory.spec(t.number(), sampled(t));
        String gpu = t.gpus().isEmpty() ? null : String.join(",", t.gpus());
        Optional<String> problem = TaskResources.bind(Engines.get(spec.engine()), device, gpu);
        if (problem.isPresent()) { // every trial would fail the same way here: the sweep stops
            ctx.setInternalAttr(Done.STOP, problem.get());
            throw end(ctx, TrialResult.of(spec.number(), RunState.FAILED, List.of(), problem.get(), 0, 0));
        }
        HadoopCheckpointStore store = new HadoopCheckpointStore(HadoopCheckpointStore.pathFor(studyDir, t.number()), hadoop());
        TrialRunner.Boundary[] last = new TrialRunner.Boundary[1];
        long start = System.nanoTime();
        TrialResult r;
        try {
            r = TrialRunner.run(spec, t.threads(), store, (m, boundary) -> {
                last[0] = boundary;
                int step = m.epoch() + 1;
                if (checkpointEvery > 0 && step % checkpointEvery == 0 && step < spec.epochs()) {
                    boundary.writeCheckpoint();
                    if (population) {
                        boundary.awaitCheckpoint();
                    }
                }
                try {
                    t.report(step, m.testError(), BuiltinResult.metrics(m));
                } catch (TrialPruned p) {
                    if (step < spec.epochs()) {
                        throw p;
                    } // the last epoch's report is for the tables: the trial is complete
                }
            });
        } catch (TrialPruned p) { // pruned, or paused at a PBT boundary
            List<EpochMetrics> epochs = last[0].epochs();
            EpochMetrics m = epochs.get(epochs.size() - 1);
            String why = String.format(Locale.ROOT, "pruned by %s after epoch %d (test error %.4f)", pruner, m.epoch() + 1,
                    m.testError());
            ctx.setInternalAttr(BuiltinResult.ATTR, BuiltinResult.write(TrialResult.of(spec.number(), RunState.PRUNED,
                    epochs, why, seconds(start), last[0].parameters())));
            throw p;
        } catch (UncheckedIOException e) { // the checkpoint's file system: run again, from the last checkpoint
            throw new RunnerContext.Retry(e.getMessage(), e);
        }
        if (r.state() != RunState.COMPLETE) {
            throw end(ctx, r);
        }
        ctx.setInternalAttr(BuiltinResult.ATTR, BuiltinResult.write(r));
        return r.finalTestError().orElseThrow();
    }

    /** The trial ended DIVERGED or FAILED: its result goes with the failure. */
    private static IllegalStateException end(RunnerContext ctx, TrialResult r) {
        ctx.setInternalAttr(BuiltinResult.ATTR, BuiltinResult.write(r));
        return new IllegalStateException(r.message());
    }

    /** The sampled values: the factory adds the config's fixed ones. */
    private static java.util.Map<String, Object> sampled(TrialContext t) {
        return t.params();
    }

    private static Configuration hadoop() {
        SparkEnv env = SparkEnv.get();
        return env == null ? new Configuration() : SparkHadoopUtil.get().newConfiguration(env.conf());
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
