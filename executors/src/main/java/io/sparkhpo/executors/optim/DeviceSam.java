package io.sparkhpo.executors.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * SAM's ascent step on an engine's own vectors, over the chunks its {@link DeviceOptimizer} steps: {@link #ascend}
 * keeps an exact copy of θ and moves θ to θ + ε with ε computed from the gradients in place (as {@link Sam} does on
 * the heap), and {@link #restore} puts the copy back. Between the two the engine evaluates the gradient at θ + ε;
 * after them the optimizer steps with it. One number (the norm) comes back to the host per step; the copy of θ is
 * one more vector the size of the trainable parameters on the engine's device. Not thread-safe.
 */
public final class DeviceSam<V> {

    private final DeviceVectors<V> ops;
    private final List<Chunk<V>> chunks;
    private final List<V> saved = new ArrayList<>();
    private final List<V> grads;
    private final double rho;
    private final boolean adaptive;

    /**
     * @param saved a vector of the chunks' total length on the engine's device, for the copy of θ (and for ASAM's
     *              T·g while the norm is taken)
     */
    public DeviceSam(SamSpec spec, DeviceVectors<V> ops, List<Chunk<V>> chunks, V saved) {
        this.ops = ops;
        this.chunks = List.copyOf(chunks);
        this.grads = Update.grads(chunks);
        this.rho = spec.rho();
        this.adaptive = spec.adaptive();
        int offset = 0;
        for (Chunk<V> c : chunks) {
            int n = ops.length(c.theta());
            this.saved.add(ops.slice(saved, offset, offset + n));
            offset += n;
        }
        if (offset != ops.length(saved)) {
            throw new IllegalArgumentException("SAM's copy of θ has " + ops.length(saved) + " elements, the chunks "
                    + offset);
        }
    }

    /** A {@link DeviceSam} when {@code spec} is SAM ({@code saved} is asked for only then), else empty. */
    public static <V> Optional<DeviceSam<V>> of(OptimizerSpec spec, DeviceVectors<V> ops, List<Chunk<V>> chunks,
                                                Supplier<V> saved) {
        return spec instanceof SamSpec s ? Optional.of(new DeviceSam<>(s, ops, chunks, saved.get())) : Optional.empty();
    }

    /**
     * Keeps θ and moves to θ + ε, ε from the gradients in the chunks (the minibatch's mean gradient at θ).
     *
     * @return the gradient's 2-norm (ASAM: of T·g), on which ε is scaled
     */
    public double ascend() {
        double norm;
        if (adaptive) {
            for (int i = 0; i < chunks.size(); i++) { // T·g into the copy's place for one reduction
                Chunk<V> c = chunks.get(i);
                V tg = saved.get(i);
                ops.abs(tg, c.theta());
                ops.shift(tg, Sam.ASAM_ETA);
                ops.mul(tg, c.grad());
            }
            norm = Math.sqrt(ops.sumOfSquares(saved));
        } else {
            norm = Math.sqrt(ops.sumOfSquares(grads));
        }
        double scale = rho / (norm + Sam.GUARD);
        for (int i = 0; i < chunks.size(); i++) {
            Chunk<V> c = chunks.get(i);
            V copy = saved.get(i);
            if (adaptive) {
                ops.abs(c.scratch0(), c.theta()); // T² g = T · (T g)
                ops.shift(c.scratch0(), Sam.ASAM_ETA);
                ops.mul(c.scratch0(), copy);
                ops.copy(copy, c.theta());
                ops.axpy(c.theta(), scale, c.scratch0(), c.scratch1());
            } else {
                ops.copy(copy, c.theta());
                ops.axpy(c.theta(), scale, c.grad(), c.scratch0());
            }
        }
        return norm;
    }

    /** θ as it was before {@link #ascend}, exactly. */
    public void restore() {
        for (int i = 0; i < chunks.size(); i++) {
            ops.copy(chunks.get(i).theta(), saved.get(i));
        }
    }
}
