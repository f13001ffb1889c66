package io.sparkhpo.executors.optim;

import java.util.ArrayList;
import java.util.List;

/**
 * One piece of the parameters that an update works on at a time, in one back end's vectors of one length: the
 * parameters, their gradient, the rule's state arrays for them ({@link UpdateRule#stateArrays()}) and two scratch
 * vectors. Engines cut large tensors into chunks of a few hundred thousand elements so that every operation of a
 * rule on one chunk runs while it is in the processor's cache.
 *
 * @param theta   parameters, updated in place
 * @param grad    their gradient (L2 term added and clipped in place before the rule)
 * @param state   the rule's state for these elements
 * @param scratch0 working vector, contents undefined between calls
 * @param scratch1 working vector, contents undefined between calls
 */
public record Chunk<V>(V theta, V grad, V[] state, V scratch0, V scratch1) {

    /**
     * The engines' chunk length: 2^19 elements (2 MiB of float32 per vector), so that the six vectors of an Adam
     * chunk fit a processor's last-level cache. In a prototype on this project's 2-core machine (32 MiB of L3),
     * AdamW over ResNet-18 in libtorch took 19-28 ms in chunks of 2^19 against 34-41 ms tensor by tensor.
     */
    public static final int LENGTH = 1 << 19;

    /**
     * The JVM property ({@code true}) that makes libtorch's update work tensor by tensor on a CPU too, as it always
     * does on a GPU (where each operation is a kernel launch and there is no cache to fit): for comparing the number
     * of engine calls per update in {@code bench --profile}.
     */
    public static final String PER_TENSOR = "sparkhpo.update.per_tensor";

    /**
     * Cuts trainable tensors into chunks of at most {@link #LENGTH} elements.
     *
     * @param thetas   each trainable tensor's parameters as a flat vector, in the packed order
     * @param grads    their gradients, flat, of the same lengths
     * @param state    the rule's state arrays, packed: element i of tensor k sits at the tensor's packed offset + i
     * @param scratch0 a scratch vector of at least {@link #LENGTH} elements (or the largest tensor, if smaller)
     * @param scratch1 another
     */
    public static <V> List<Chunk<V>> cut(DeviceVectors<V> o, List<V> thetas, List<V> grads, V[] state, V scratch0,
                                         V scratch1) {
        return cut(o, thetas, grads, state, scratch0, scratch1, LENGTH);
    }

    /** {@link #cut} into chunks of at most {@code length} elements; scratch vectors need that many, or the largest. */
    public static <V> List<Chunk<V>> cut(DeviceVectors<V> o, List<V> thetas, List<V> grads, V[] state, V scratch0,
                                         V scratch1, int length) {
        List<Chunk<V>> chunks = new ArrayList<>();
        int packed = 0;
        for (int p = 0; p < thetas.size(); p++) {
            int n = o.length(thetas.get(p));
            if (o.length(grads.get(p)) != n) {
                throw new IllegalArgumentException("tensor " + p + " has " + n + " parameters and "
                        + o.length(grads.get(p)) + " gradients");
            }
            for (int from = 0; from < n; from += length) {
                int to = Math.min(n, from + length);
                V[] s = state.clone();
                for (int k = 0; k < s.length; k++) {
                    s[k] = o.slice(state[k], packed + from, packed + to);
                }
                chunks.add(new Chunk<>(o.slice(thetas.get(p), from, to), o.slice(grads.get(p), from, to), s,
                        o.slice(scratch0, 0, to - from), o.slice(scratch1, 0, to - from)));
            }
            packed += n;
        }
        return chunks;
    }
}
