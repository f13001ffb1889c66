package io.sparkhpo.executors.train;

import io.sparkhpo.executors.data.Batch;
import io.sparkhpo.executors.data.Batches;
import io.sparkhpo.executors.optim.StepPlan;

import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an engine's training step and evaluation may copy between the heap and the engine: the batch's images and
 * labels, and a few scalars ({@link #SCALAR_BYTES}): the loss, the error count, the gradient norm, and the step's
 * scalar arguments.
 */
public final class TrafficCheck {

    /** "A few hundred bytes of scalars". */
    public static final long SCALAR_BYTES = 256;

    private TrafficCheck() {
    }

    /**
     * Two warm-up steps, then asserts each of three steps moved at most its batch, labels and {@link #SCALAR_BYTES}.
     *
     * @param labelBytes bytes per label the engine takes (int32 or int64 class indices)
     */
    public static void stepMovesOnlyItsBatch(TrainingSession s, IntFunction<Batch> batches, int labelBytes) {
        StepPlan plan = StepPlan.constant(1e-3, 1e-2);
        s.trainBatch(batches.apply(0), plan);
        s.trainBatch(batches.apply(1), plan);
        for (int k = 2; k < 5; k++) {
            Batch b = batches.apply(k);
            Traffic.Snapshot before = s.traffic().snapshot();
            s.trainBatch(b, plan);
            Traffic.Snapshot step = s.traffic().snapshot().since(before);
            long input = (long) b.features().length * Float.BYTES + (long) b.size() * labelBytes;
            assertTrue(step.total() <= input + SCALAR_BYTES, "a step moved " + step + " for a batch of " + input
                    + " bytes of images and labels");
            assertTrue(step.toEngine() >= input, "the batch's " + input + " bytes were not counted: " + step);
            assertTrue(step.toHost() > 0 && step.toHost() <= 64, "the loss, error count and norm: " + step);
        }
    }

    /** Asserts an evaluation moved its batches, their labels and two numbers. */
    public static void evaluationMovesOnlyItsBatches(TrainingSession s, Batches batches, int labelBytes) {
        long input = 0;
        for (int i = 0; i < batches.count(); i++) {
            Batch b = batches.get(0, i);
            input += (long) b.features().length * Float.BYTES + (long) b.size() * labelBytes;
        }
        Traffic.Snapshot before = s.traffic().snapshot();
        s.evaluate(batches);
        Traffic.Snapshot eval = s.traffic().snapshot().since(before);
        assertTrue(eval.toEngine() >= input && eval.toEngine() <= input + SCALAR_BYTES, "evaluation moved " + eval
                + " for " + input + " bytes of images and labels");
        assertTrue(eval.toHost() <= 16, "evaluation brought back more than its loss and error count: " + eval);
    }
}
