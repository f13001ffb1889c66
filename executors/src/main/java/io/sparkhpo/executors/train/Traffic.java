package io.sparkhpo.executors.train;

/**
 * Bytes a session copies between the JVM heap and its engine's memory, counted at the session's copy points (its
 * engine's vectors and the batch and label uploads). A training step should move its batch, its labels and a few
 * scalars; anything per parameter is a regression that the traffic tests catch. Thread-safe: a checkpoint's
 * snapshot is written on another thread ({@link TrainingSession#snapshot}).
 */
public final class Traffic {

    private final java.util.concurrent.atomic.AtomicLong toEngine = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong toHost = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong copies = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();

    /** Counts a copy of {@code bytes} from the heap into the engine. */
    public void toEngine(long bytes) {
        toEngine.addAndGet(bytes);
        copies.incrementAndGet();
    }

    /** Counts a copy of {@code bytes} from the engine to the heap. */
    public void toHost(long bytes) {
        toHost.addAndGet(bytes);
        copies.incrementAndGet();
    }

    /**
     * Counts {@code n} calls into the engine by the update's vector operations (each a kernel: what a GPU pays a
     * launch for, and what {@code bench --profile} prints per update).
     */
    public void call(int n) {
        calls.addAndGet(n);
    }

    /** Engine calls counted so far ({@link #call}). */
    public long calls() {
        return calls.get();
    }

    /** The counts so far. */
    public Snapshot snapshot() {
        return new Snapshot(toEngine.get(), toHost.get(), copies.get());
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
