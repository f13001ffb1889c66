package io.sparkhpo.executors.train;

import io.sparkhpo.executors.data.Batch;
import io.sparkhpo.executors.data.Batches;
import io.sparkhpo.executors.data.DataSets;
import io.sparkhpo.executors.data.Dataset;
import io.sparkhpo.executors.data.Normalization;

/**
 * Times a trial's training steps where the task trains (its engine, model, batch size and optimizer, on the device
 * the task is bound to), on random images in the data set's shape: {@code doctor}'s speed column.
 */
public final class SpeedProbe {

    /**
     * @param imagesPerSecond training images per second over the timed steps
     * @param steps           the steps timed
     * @param seconds         their wall time
     */
    public record Result(double imagesPerSecond, int steps, double seconds) {
    }

    private SpeedProbe() {
    }

    /**
     * Two untimed steps (allocation, kernel selection), then {@code steps} timed ones, stopping early once
     * {@code maxSeconds} have passed (after at least one).
     *
     * @param threads intra-op threads ({@link TrainingEngine#setIntraOpThreads})
     */
    public static Result measure(TrialSpec spec, int threads, int steps, double maxSeconds) {
        if (steps < 1) {
            throw new IllegalArgumentException("SpeedProbe steps must be >= 1, got " + steps);
        }
        TrainingEngine engine = Engines.get(spec.engine());
        engine.setIntraOpThreads(threads);
        Dataset data = DataSets.random(spec.data().name(), spec.data().settings(), spec.batchSize(), spec.seed());
        Batch batch = Batches.evaluation(data, spec.batchSize(), Normalization.of(data)).get(0, 0);
        LrController lr = new LrController(spec);
        try (TrainingSession s = engine.open(spec, data)) {
            s.trainBatch(batch, lr.plan(0, 0));
            s.trainBatch(batch, lr.plan(0, 1));
            long start = System.nanoTime();
            int n = 0;
            while (n < steps && (n == 0 || (System.nanoTime() - start) / 1e9 < maxSeconds)) {
                s.trainBatch(batch, lr.plan(0, 2 + n));
                n++;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(n * spec.batchSize() / seconds, n, seconds);
        }
    }
}
