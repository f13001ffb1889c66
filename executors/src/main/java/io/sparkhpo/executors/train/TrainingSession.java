package io.sparkhpo.executors.train;

import io.sparkhpo.executors.data.Batches;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One trial's network and optimizer state inside an engine.
 *
 * <p>Call order: {@link #trainEpoch} for epochs {@code from, from + 1, ...} (0-based; after {@link #restore} from
 * a checkpoint written after epoch {@code e}, the next is {@code e + 1}), {@link #evaluate} at any point between
 * epochs, {@link #checkpoint} between epochs, {@link #close} last. Not thread-safe: one task thread uses it.
 */
public interface TrainingSession extends AutoCloseable {

    /**
     * Trains one pass over {@code batches} (epoch {@code epoch}'s order and augmentation).
     *
     * @throws DivergedException at the first batch whose loss is NaN or infinite
     */
    EpochStats trainEpoch(int epoch, Batches batches);

    /** Loss and error on {@code batches} in inference mode (BatchNorm running statistics, no updates). */
    Evaluation evaluate(Batches batches);

    /** Trainable parameters of the network (not BatchNorm running statistics). */
    long trainableParameters();

    /** Writes weights, BatchNorm statistics and optimizer state, enough for {@link #restore} to continue exactly. */
    void checkpoint(OutputStream out) throws IOException;

    /** Replaces this session's state with a {@link #checkpoint}. */
    void restore(InputStream in) throws IOException;

    @Override
    void close();
}
