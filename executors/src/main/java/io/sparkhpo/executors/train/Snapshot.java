package io.sparkhpo.executors.train;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A session's state captured at one moment ({@link TrainingSession#snapshot}): copies where the session keeps its
 * arrays (device memory for a GPU), so that the session can train on at once while another thread writes these
 * copies in {@link TrainingSession#checkpoint}'s layout. Written once, then closed (which frees the copies).
 */
public interface Snapshot extends AutoCloseable {

    /** Writes what {@link TrainingSession#checkpoint} would have written when the snapshot was taken. */
    void writeTo(OutputStream out) throws IOException;

    /** Frees the copies. */
    @Override
    void close();

    /** A snapshot that is already bytes (a session without device copies writes its checkpoint at once). */
    static Snapshot of(byte[] bytes) {
        return new Snapshot() {
            @Override
            public void writeTo(OutputStream out) throws IOException {
                out.write(bytes);
            }

            @Override
            public void close() {
            }
        };
    }
}
