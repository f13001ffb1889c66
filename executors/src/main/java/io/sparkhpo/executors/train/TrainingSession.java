package io.sparkhpo.executors.train;

import io.sparkhpo.executors.data.Batch;
import io.sparkhpo.executors.data.Batches;
import io.sparkhpo.executors.optim.StepPlan;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One trial's network and optimizer state inside an engine. The engine computes losses and gradients, and runs
 * the shared update ({@link io.sparkhpo.executors.optim.Update}: clipping, weight decay and the rule, written once
 * over {@link io.sparkhpo.executors.optim.VectorOps}) with its own tensor operations where its parameters live, so
 * every engine applies exactly the same rule, decay and clipping, and a step moves only its batch, its labels and
 * a few scalars between the heap and the engine ({@link #traffic()}).
 *
 * <p>Call order: {@link #trainBatch} once per step (the {@link TrialRunner} owns epochs, schedules and
 * metrics), {@link #evaluate}, {@link #checkpoint} and {@link #snapshot} between steps, {@link #close} last. Not thread-safe
 * (a {@link Snapshot} is: it holds copies).
 */
public interface TrainingSession extends AutoCloseable {

    /**
     * Forward, backward, clip ({@link TrialSpec#clipping()}) and one optimizer step with {@code plan}. When the
     * loss is not finite no step is taken: the result carries the loss and the caller stops the trial.
     */
    BatchResult trainBatch(Batch batch, StepPlan plan);

    /** Loss and error on {@code batches} in inference mode (BatchNorm running statistics, no updates). */
    Evaluation evaluate(Batches batches);

    /** Trainable parameters of the network (not BatchNorm running statistics). */
    long trainableParameters();

    /** A copy of the trainable weights, flat (the optimizer's order). */
    float[] weights();

    /** Replaces the trainable weights (e.g. with a weight average). */
    void setWeights(float[] weights);

    /**
     * Recomputes the BatchNorm running statistics as the cumulative average over {@code batches} in training
     * mode, without changing any weight (torch.optim.swa_utils.update_bn).
     */
    void recomputeBatchNorm(Batches batches, int epoch);

    /** Times each step's phases into {@code profile} from now on ({@link StepProfile#OFF} stops). */
    void profile(StepProfile profile);

    /**
     * One optimizer step on the current gradients (zero after a step) with the trial's clipping, and nothing else:
     * what {@code bench --profile} times as the update alone.
     */
    void updateOnly(StepPlan plan);

    /** What this session has copied between the JVM heap and its engine so far. */
    Traffic traffic();

    /** Writes weights, BatchNorm statistics and optimizer state, enough for {@link #restore} to continue exactly. */
    void checkpoint(OutputStream out) throws IOException;

    /**
     * The state as of now, for a checkpoint written later on another thread while this session trains on
     * ({@link Snapshot}). By default the checkpoint's bytes, taken now.
     */
    default Snapshot snapshot() throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        checkpoint(bytes);
        return Snapshot.of(bytes.toByteArray());
    }

    /** Replaces this session's state with a {@link #checkpoint}. */
    void restore(InputStream in) throws IOException;

    @Override
    void close();
}
