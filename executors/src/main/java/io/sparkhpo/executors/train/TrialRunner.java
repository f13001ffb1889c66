package io.sparkhpo.executors.train;

import io.sparkhpo.executors.data.Batches;
import io.sparkhpo.executors.data.DataCache;
import io.sparkhpo.executors.data.DataSpec;
import io.sparkhpo.executors.data.PreparedData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs one trial inside a task: loads the data (once per JVM, {@link DataCache}), opens the engine's session,
 * trains each epoch and evaluates on the test set after it. Never throws for a trial's own failure: a
 * non-finite loss ends the trial as {@link RunState#DIVERGED} at once, anything thrown as {@link RunState#FAILED}
 * with its message, and the epochs finished before are kept either way. Only an interrupt (Spark killing the
 * task) propagates.
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
        long start = System.nanoTime();
        List<EpochMetrics> epochs = new ArrayList<>();
        long parameters = 0;
        try {
            PreparedData data = DataCache.get(spec.data());
            Batches train = Batches.training(data.train(), spec.batchSize(), data.normalization(),
                    spec.data().augment(), DataSpec.CROP_PADDING, spec.seed());
            Batches test = Batches.evaluation(data.test(), spec.batchSize(), data.normalization());
            TrainingEngine engine = Engines.get(spec.engine());
            engine.setIntraOpThreads(threads);
            try (TrainingSession session = engine.open(spec, data.train())) {
                parameters = session.trainableParameters();
                LOG.info("{}: {} on {} ({} train / {} test images), {} parameters, {} epochs", spec.label(),
                        spec.model().name() + "-w" + spec.model().width(), spec.data().name(), train.examples(),
                        test.examples(), parameters, spec.epochs());
                for (int e = 0; e < spec.epochs(); e++) {
                    epochs.add(epoch(spec, session, e, train, test));
                }
            }
            return new TrialResult(spec.number(), RunState.COMPLETE, epochs, null, seconds(start), parameters);
        } catch (DivergedException d) {
            LOG.warn("{}: diverged: {}", spec.label(), d.getMessage());
            return new TrialResult(spec.number(), RunState.DIVERGED, epochs, d.getMessage(), seconds(start), parameters);
        } catch (RuntimeException | Error e) {
            if (Thread.currentThread().isInterrupted()) {
                throw e;
            }
            LOG.warn("{}: failed", spec.label(), e);
            return new TrialResult(spec.number(), RunState.FAILED, epochs, describe(e), seconds(start), parameters);
        }
    }

    private static EpochMetrics epoch(TrialSpec spec, TrainingSession session, int e, Batches train, Batches test) {
        long t0 = System.nanoTime();
        EpochStats stats = session.trainEpoch(e, train);
        Evaluation eval = session.evaluate(test);
        EpochMetrics m = new EpochMetrics(e, stats.lr(), stats.meanLoss(), stats.errorRate(), eval.meanLoss(),
                eval.errorRate(), seconds(t0));
        LOG.info("{} epoch {}/{}: train loss {} error {}, test loss {} error {}, {} s", spec.label(), e + 1,
                spec.epochs(), fmt(m.trainLoss()), fmt(m.trainError()), fmt(m.testLoss()), fmt(m.testError()),
                String.format("%.1f", m.seconds()));
        return m;
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
