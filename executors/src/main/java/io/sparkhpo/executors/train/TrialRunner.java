package io.sparkhpo.executors.train;

import io.sparkhpo.executors.data.Batch;
import io.sparkhpo.executors.data.Batches;
import io.sparkhpo.executors.data.DataCache;
import io.sparkhpo.executors.data.DataSpec;
import io.sparkhpo.executors.data.PreparedData;
import io.sparkhpo.executors.optim.StepPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs one trial inside a task: loads the data (once per JVM, {@link DataCache}), opens the engine's session,
 * and for each epoch trains every batch with the step plan of its {@link LrController}, evaluates on the test
 * set, and tells the controller (ReduceLROnPlateau); with SWA it averages the weights of the last epochs and
 * evaluates the average. Never throws for a trial's own failure: a non-finite loss ends the trial as
 * {@link RunState#DIVERGED} at once, anything thrown as {@link RunState#FAILED} with its message, and the epochs
 * finished before are kept either way. Only an interrupt (Spark killing the task) propagates.
 */
public final class TrialRunner {

    private static final Logger LOG = LoggerFactory.getLogger(TrialRunner.class);

    private TrialRunner() {
    }

    /**
     * @param spec    what to train
     * @param threads intra-op threads for the trial ({@link TrainingEngine#setIntraOpThreads}), {@code >= 1}
     */
    public static TrialResult run(TrialSpec spec, int threads) {
        return runSegment(spec, threads, 0, spec.epochs(), CheckpointStore.NONE);
    }

    /**
     * Runs epochs {@code [from, to)} of a trial: from its checkpoint in {@code store} when {@code from > 0}, and
     * writes a new checkpoint when {@code to} is not the last epoch. The checkpoint holds the session (weights,
     * BatchNorm statistics, optimizer state), the LR controller's state, the SWA average and the metrics of every
     * epoch so far, so the result always carries the whole history. Batches depend only on (seed, epoch, index), so
     * a segment run again (another executor, a resumed sweep) trains exactly what the first run would have.
     *
     * @return COMPLETE when the segment's epochs all ran (the trial is over only if {@code to == epochs}); DIVERGED or
     * FAILED as {@link #run}
     */
    public static TrialResult runSegment(TrialSpec spec, int threads, int from, int to, CheckpointStore store) {
        if (from < 0 || to <= from || to > spec.epochs()) {
            throw new IllegalArgumentException(spec.label() + ": segment [" + from + ", " + to + ") is outside 0.." + spec.epochs());
        }
        return train(spec, threads, from, to, store, EpochHook.NONE, null);
    }

    /**
     * Runs a trial to its end in one call, from its checkpoint in {@code store} if it has one (a trial run again after
     * its executor was lost, or in a resumed sweep), calling {@code hook} after every epoch: the caller writes the
     * checkpoint where it wants one and tells the epoch to whoever judges it. What the hook throws stops the trial and
     * propagates (a pruner's or a population's decision); the epochs are the hook's to keep.
     */
    public static TrialResult run(TrialSpec spec, int threads, CheckpointStore store, EpochHook hook) {
        java.util.Optional<LiveTrial> kept = LiveTrial.kept(spec, store);
        if (kept.isPresent()) {
            return train(spec, threads, kept.get().nextEpoch(), spec.epochs(), store, hook, kept.get());
        }
        int from = checkpointEpoch(store).orElse(0);
        return train(spec, threads, from >= spec.epochs() ? 0 : from, spec.epochs(), store, hook, null);
    }

    /** What the caller of {@link #run(TrialSpec, int, CheckpointStore, EpochHook)} does between epochs. */
    @FunctionalInterface
    public interface EpochHook {
        EpochHook NONE = (m, boundary) -> { };

        /**
         * @param m        the epoch that just finished (the last one too, before SWA's evaluation)
         * @param boundary the trial as it is now, and its checkpoint
         */
        void epochEnded(EpochMetrics m, Boundary boundary) throws java.io.IOException;
    }

    /** The trial between two epochs. */
    public interface Boundary {
        /**
         * Starts writing the trial's checkpoint as of now (the next epoch continues from it): the state is copied
         * now, and written on another thread while the trial trains on.
         */
        void writeCheckpoint() throws java.io.IOException;

        /** Waits until the checkpoint last started is complete (before telling someone who will read it). */
        void awaitCheckpoint() throws java.io.IOException;

        /** Every epoch so far, those before the checkpoint the trial continued from too. */
        List<EpochMetrics> epochs();

        /** The model's trainable parameters. */
        long parameters();
    }

    /** What a hook threw, carried past the trial's own failure handling. */
    private static final class Stopped extends RuntimeException {
        Stopped(RuntimeException cause) {
            super(cause);
        }
    }

    private static TrialResult train(TrialSpec spec, int threads, int from, int to, CheckpointStore store, EpochHook hook,
                                     LiveTrial kept) {
        long start = System.nanoTime();
        LiveTrial live = kept;
        boolean keep = false;
        try {
            PreparedData data = DataCache.get(spec.data());
            Batches train = Batches.training(data.train(), spec.batchSize(), data.normalization(),
                    spec.data().augment(), DataSpec.CROP_PADDING, spec.seed());
            Batches test = Batches.evaluation(data.test(), spec.batchSize(), data.normalization());
            TrainingEngine engine = Engines.get(spec.engine());
            engine.setIntraOpThreads(threads);
            if (live == null && from > 0) {
                live = LiveTrial.kept(spec, store).orElse(null);
            }
            if (live != null) {
                LOG.info("{}: continuing at epoch {}/{} from its live session", spec.label(), from + 1, spec.epochs());
            } else {
                live = LiveTrial.open(spec, engine, data.train(), from, store);
                if (from > 0) {
                    LOG.info("{}: continuing at epoch {}/{} from its checkpoint", spec.label(), from + 1, spec.epochs());
                } else {
                    LOG.info("{}: {} on {} ({} train / {} test images), {} parameters, {} epochs, schedule {}", spec.label(),
                            spec.model().label(), spec.data().name(), train.examples(), test.examples(),
                            live.session().trainableParameters(), spec.epochs(), spec.schedule().describe());
                }
            }
            TrainingSession session = live.session();
            List<EpochMetrics> epochs = live.epochs();
            long parameters = session.trainableParameters();
            for (int e = from; e < to; e++) {
                EpochMetrics m = epoch(spec, session, live.lr(), e, train, test);
                epochs.add(m);
                live.lr().endEpoch(m);
                if (live.swa() != null && e >= spec.swa().startEpoch()) {
                    live.swa().add(session.weights());
                }
                LiveTrial current = live;
                Boundary boundary = new Boundary() {
                    @Override
                    public void writeCheckpoint() throws java.io.IOException {
                        current.startCheckpoint(store);
                    }

                    @Override
                    public void awaitCheckpoint() throws java.io.IOException {
                        current.awaitCheckpoint();
                    }

                    @Override
                    public List<EpochMetrics> epochs() {
                        return List.copyOf(epochs);
                    }

                    @Override
                    public long parameters() {
                        return parameters;
                    }
                };
                try {
                    hook.epochEnded(m, boundary);
                } catch (RuntimeException stop) {
                    keep = live.checkpointed(); // paused where its checkpoint is: its next run may continue from memory
                    throw new Stopped(stop);
                }
            }
            if (to < spec.epochs()) {
                live.startCheckpoint(store);
                keep = true;
                return new TrialResult(spec.number(), RunState.COMPLETE, List.copyOf(epochs), null, seconds(start),
                        parameters, null);
            }
            Evaluation swaEval = live.swa() == null ? null : evaluateAverage(spec, session, live.swa(), train, test);
            live.awaitCheckpoint(); // the trial's result is reported once its checkpoints are complete
            return new TrialResult(spec.number(), RunState.COMPLETE, List.copyOf(epochs), null, seconds(start), parameters,
                    swaEval);
        } catch (Stopped s) {
            throw (RuntimeException) s.getCause();
        } catch (DivergedException d) {
            LOG.warn("{}: diverged: {}", spec.label(), d.getMessage());
            return TrialResult.of(spec.number(), RunState.DIVERGED, epochsOf(live), d.getMessage(), seconds(start),
                    parametersOf(live));
        } catch (java.io.IOException e) {
            // a checkpoint that cannot be read or written: the task fails and Spark retries it (another executor,
            // another chance at the file system); past the retries the trial is FAILED with this message
            throw new java.io.UncheckedIOException(spec.label() + ": checkpoint: " + e.getMessage(), e);
        } catch (java.io.UncheckedIOException e) {
            throw e; // an I/O error may pass: the task fails and Spark retries it, from the last checkpoint
        } catch (RuntimeException | Error e) {
            if (Thread.currentThread().isInterrupted()) {
                throw e;
            }
            LOG.warn("{}: failed", spec.label(), e);
            return TrialResult.of(spec.number(), RunState.FAILED, epochsOf(live), describe(e), seconds(start),
                    parametersOf(live));
        } finally {
            if (live != null) {
                if (keep) {
                    live.keep();
                } else {
                    live.close();
                }
            }
        }
    }

    private static List<EpochMetrics> epochsOf(LiveTrial live) {
        return live == null ? List.of() : List.copyOf(live.epochs());
    }

    private static long parametersOf(LiveTrial live) {
        return live == null ? 0 : live.session().trainableParameters();
    }

    /** Waits until every checkpoint this JVM has started writing is complete (the writer takes them in order). */
    public static void awaitCheckpoints() {
        TrialCheckpoint.flush();
    }

    /** The epoch a trial's checkpoint in {@code store} continues at (where its next segment starts), if any. */
    public static java.util.OptionalInt checkpointEpoch(CheckpointStore store) {
        return TrialCheckpoint.nextEpoch(store);
    }

    private static EpochMetrics epoch(TrialSpec spec, TrainingSession session, LrController lr, int e, Batches train,
                                      Batches test) {
        long t0 = System.nanoTime();
        EpochProgress progress = new EpochProgress(spec.label(), e, train.count());
        StepPlan first = lr.plan(e, 0);
        double lossSum = 0;
        double normSum = 0;
        double normMax = 0;
        long wrong = 0;
        long seen = 0;
        for (int i = 0; i < train.count(); i++) {
            Batch b = train.get(e, i);
            BatchResult r = session.trainBatch(b, i == 0 ? first : lr.plan(e, i));
            if (!Double.isFinite(r.loss())) {
                throw new DivergedException(e, i, r.loss());
            }
            lossSum += r.loss() * b.size();
            wrong += r.wrong();
            seen += b.size();
            normSum += r.gradNorm();
            normMax = Math.max(normMax, r.gradNorm());
            progress.step(i + 1, b.size());
        }
        Evaluation eval = session.evaluate(test);
        EpochMetrics m = new EpochMetrics(e, first.lr(), first.weightDecay(), lossSum / seen, wrong / (double) seen,
                eval.meanLoss(), eval.errorRate(), normSum / train.count(), normMax, seconds(t0));
        LOG.info("{} epoch {}/{}: lr {} train loss {} error {}, test loss {} error {}, grad norm {}, {} s", spec.label(),
                e + 1, spec.epochs(), String.format("%.3g", m.lr()), fmt(m.trainLoss()), fmt(m.trainError()),
                fmt(m.testLoss()), fmt(m.testError()), fmt(m.gradNormMean()), String.format("%.1f", m.seconds()));
        return m;
    }

    private static Evaluation evaluateAverage(TrialSpec spec, TrainingSession session, WeightAverage swa, Batches train,
                                              Batches test) {
        session.setWeights(swa.mean());
        session.recomputeBatchNorm(train, spec.epochs());
        Evaluation eval = session.evaluate(test);
        LOG.info("{}: SWA over {} epochs: test loss {} error {}", spec.label(), swa.count(), fmt(eval.meanLoss()),
                fmt(eval.errorRate()));
        return eval;
    }

    /** The exception and its causes, one line: what a user needs without a stack trace. */
    static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null && sb.length() < 2000; c = c.getCause()) {
            if (sb.length() > 0) {
                sb.append(" <- caused by ");
            }
            sb.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
            if (c.getCause() == c) {
                break;
            }
        }
        return sb.toString();
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static String fmt(double v) {
        return String.format("%.4f", v);
    }
}
