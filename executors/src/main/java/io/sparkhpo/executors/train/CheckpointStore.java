package io.sparkhpo.executors.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Where a trial's checkpoint lives between segments: on a file system every executor can reach (the driver's
 * implementation uses the study folder through Hadoop's FileSystem API). Writes must be atomic: a reader sees the
 * previous checkpoint or the new one, never a partial file.
 */
public interface CheckpointStore {

    /** The latest checkpoint, if there is one. */
    Optional<InputStream> read() throws IOException;

    /** Replaces the checkpoint with what {@code body} writes, atomically. */
    void write(Body body) throws IOException;

    /** Writes a checkpoint's bytes. */
    @FunctionalInterface
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** No checkpoints: a trial runs in one segment. */
    CheckpointStore NONE = new CheckpointStore() {
        @Override
        public Optional<InputStream> read() {
            return Optional.empty();
        }

        @Override
        public void write(Body body) {
            throw new IllegalStateException("this trial runs in one segment and keeps no checkpoint");
        }
    };
}
