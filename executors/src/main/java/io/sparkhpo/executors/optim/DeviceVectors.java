package io.sparkhpo.executors.optim;

/**
 * {@link VectorOps} of an engine whose vectors live outside the JVM heap (libtorch, ND4J), with the two copies
 * between them and the heap. Only checkpoints and tests use these; a training step does not.
 *
 * @param <V> the engine's vector
 */
public interface DeviceVectors<V> extends VectorOps<V> {

    /** Elements of {@code x}. */
    int length(V x);

    /** A view of elements {@code [from, to)} of the flat vector {@code x}. */
    V slice(V x, int from, int to);

    /** A float32 copy of {@code x} on the heap. */
    float[] toHost(V x);

    /** {@code x ← src[offset, offset + length(x))}. */
    void fromHost(V x, float[] src, int offset);

    /** A copy of {@code x} where it lives, independent of it (a checkpoint's snapshot); {@link #free} it after. */
    V duplicate(V x);

    /** Frees a {@link #duplicate}. */
    void free(V x);
}
