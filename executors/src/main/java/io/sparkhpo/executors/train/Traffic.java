package io.sparkhpo.executors.train;

/**
 * Bytes a session copies between the JVM heap and its engine's memory, counted at the session's copy points (its
 * engine's vectors and the batch and label uploads). A training step should move its batch, its labels and a few
 * scalars; anything per parameter is a regression that the traffic tests catch. Not thread-safe, like a session.
 */
public final class Traffic {

    private long toEngine;
    private long toHost;
    private long copies;

    /** Counts a copy of {@code bytes} from the heap into the engine. */
    public void toEngine(long bytes) {
        toEngine += bytes;
        copies++;
    }

    /** Counts a copy of {@code bytes} from the engine to the heap. */
    public void toHost(long bytes) {
        toHost += bytes;
        copies++;
    }

    /** The counts so far. */
    public Snapshot snapshot() {
        return new Snapshot(toEngine, toHost, copies);
    }

    /**
     * Counts at one moment.
     *
     * @param toEngine bytes copied into the engine
     * @param toHost   bytes copied out of it
     * @param copies   separate copies
     */
    public record Snapshot(long toEngine, long toHost, long copies) {

        /** What was moved between {@code earlier} and this one. */
        public Snapshot since(Snapshot earlier) {
            return new Snapshot(toEngine - earlier.toEngine, toHost - earlier.toHost, copies - earlier.copies);
        }

        public long total() {
            return toEngine + toHost;
        }
    }
}
