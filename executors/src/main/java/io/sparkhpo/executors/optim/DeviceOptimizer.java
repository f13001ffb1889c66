package io.sparkhpo.executors.optim;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * An optimizer whose parameters, gradients and state are an engine's own vectors ({@link DeviceVectors}): each
 * step clips, decays and applies the rule with the engine's tensor operations ({@link Update}), so nothing but the
 * gradient norm comes back to the heap. The step count and the rule's scalar state (NAdam's Π, QHAdam's w) are
 * host doubles, as in PyTorch's default implementation: they set the scalar arguments of the kernels.
 *
 * <p>The engine builds the {@link Chunk}s (views of its parameters, gradients and state arrays, in the order of
 * its trainable parameters) with state arrays filled with {@link UpdateRule#initialState(int)}. A checkpoint holds
 * the step count (long), the number of state arrays (int), each array as its length (int) and float32 values (the
 * chunks' pieces concatenated in chunk order, which is the trainable parameters' packed order), then the number
 * of scalars (int) and the scalars (double): the layout the host-side optimizer wrote before the update moved into
 * the engines, so those checkpoints still restore. Not thread-safe.
 */
public final class DeviceOptimizer<V> {

    private final DeviceVectors<V> ops;
    private final UpdateRule rule;
    private final WeightDecayMode mode;
    private final List<Chunk<V>> chunks;
    private final List<V> grads;
    private final double[] scalars;
    private long steps;

    public DeviceOptimizer(OptimizerSpec spec, DeviceVectors<V> ops, List<Chunk<V>> chunks) {
        this.ops = ops;
        this.rule = spec.rule();
        this.mode = spec.weightDecay().mode();
        this.chunks = List.copyOf(chunks);
        this.grads = Update.grads(chunks);
        this.scalars = rule.initialScalars();
        for (Chunk<V> c : chunks) {
            if (c.state().length != rule.stateArrays()) {
                throw new IllegalArgumentException("a chunk has " + c.state().length + " state arrays, the rule "
                        + rule.stateArrays());
            }
        }
    }

    /**
     * Clips the gradients in place, then takes one step.
     *
     * @return the gradient's 2-norm before clipping
     */
    public double step(StepPlan plan, double maxNorm, double maxValue) {
        VectorOps.Scalar sumOfSquares = Update.clipLater(ops, grads, maxNorm, maxValue);
        steps++;
        Update.apply(ops, rule, mode, chunks, scalars, steps, plan);
        return Math.sqrt(sumOfSquares.value()); // read after the update: a GPU has not waited for it
    }

    public long steps() {
        return steps;
    }

    /** Writes the step count, state arrays and scalars (the layout above). */
    public void writeTo(DataOutputStream d) throws IOException {
        write(d, steps, chunks.stream().map(Chunk::state).toList(), scalars, ops);
    }

    /**
     * The state as of now, copied where it lives ({@link DeviceVectors#duplicate}): {@link Copy#writeTo} writes later,
     * on any thread, what {@link #writeTo} writes now, while this optimizer steps on.
     */
    public Copy<V> copy() {
        List<V[]> state = new java.util.ArrayList<>();
        for (Chunk<V> c : chunks) {
            V[] s = c.state().clone();
            for (int k = 0; k < s.length; k++) {
                s[k] = ops.duplicate(s[k]);
            }
            state.add(s);
        }
        return new Copy<>(steps, state, scalars.clone(), ops);
    }

    /** A {@link #copy()}: write it once, then close it. */
    public record Copy<V>(long steps, List<V[]> state, double[] scalars, DeviceVectors<V> ops) implements AutoCloseable {

        public void writeTo(DataOutputStream d) throws IOException {
            write(d, steps, state, scalars, ops);
        }

        @Override
        public void close() {
            state.forEach(s -> java.util.Arrays.stream(s).forEach(ops::free));
        }
    }

    private static <V> void write(DataOutputStream d, long steps, List<V[]> state, double[] scalars, DeviceVectors<V> ops)
            throws IOException {
        int arrays = state.isEmpty() ? 0 : state.get(0).length;
        d.writeLong(steps);
        d.writeInt(arrays);
        int n = state.stream().mapToInt(s -> s.length == 0 ? 0 : ops.length(s[0])).sum();
        for (int k = 0; k < arrays; k++) {
            d.writeInt(n);
            for (V[] s : state) {
                FloatIo.write(d, ops.toHost(s[k]));
            }
        }
        d.writeInt(scalars.length);
        for (double v : scalars) {
            d.writeDouble(v);
        }
    }

    /** Restores what {@link #writeTo} wrote. */
    public void readFrom(DataInputStream d) throws IOException {
        long savedSteps = d.readLong();
        int arrays = d.readInt();
        if (arrays != rule.stateArrays()) {
            throw new IOException("optimizer state has " + arrays + " arrays, expected " + rule.stateArrays());
        }
        int n = chunks.stream().mapToInt(c -> ops.length(c.theta())).sum();
        float[][] state = new float[arrays][];
        for (int k = 0; k < arrays; k++) {
            int length = d.readInt();
            if (length != n) {
                throw new IOException("optimizer state array " + k + " has " + length + " elements, expected " + n);
            }
            state[k] = FloatIo.read(d, n);
        }
        int count = d.readInt();
        if (count != scalars.length) {
            throw new IOException("optimizer state has " + count + " scalars, expected " + scalars.length);
        }
        for (int i = 0; i < count; i++) {
            scalars[i] = d.readDouble();
        }
        for (int k = 0; k < arrays; k++) {
            int offset = 0;
            for (Chunk<V> c : chunks) {
                ops.fromHost(c.state()[k], state[k], offset);
                offset += ops.length(c.state()[k]);
            }
        }
        this.steps = savedSteps;
    }
}
