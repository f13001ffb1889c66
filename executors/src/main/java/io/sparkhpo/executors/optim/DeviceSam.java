package io.sparkhpo.executors.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * SAM's ascent step on an engine's own vectors, over the chunks its {@link DeviceOptimizer} steps: {@link #ascend}
 * keeps an exact copy of θ and moves θ to θ + ε with ε computed from the gradients in place (as {@link Sam} does on
 * the heap), and {@link #restore} puts the copy back. Between the two the engine evaluates the gradient at θ + ε;
 * after them the optimizer steps with it. The engine names other vectors that second pass must leave as they were
 * (BatchNorm's running statistics, or their pending update): they are kept and restored with θ. One number (the
 * norm) comes back to the host per step; the copy of θ is one more vector the size of the trainable parameters on
 * the engine's device. Not thread-safe.
 */
public final class DeviceSam<V> {

    private final DeviceVectors<V> ops;
    private final List<Chunk<V>> chunks;
    private final List<V> saved = new ArrayList<>();
    private final List<V> grads;
    private final List<V> kept;
    private final List<V> keptCopies;
    private final double rho;
    private final boolean adaptive;

    /**
     * @param saved     a vector of the chunks' total length on the engine's device, for the copy of θ (and for
     *                  ASAM's T·g while the norm is taken)
     * @param kept      vectors the second pass changes and must not: kept by {@link #ascend}, put back by
     *                  {@link #restore}
     * @param blankLike a new vector of the engine's, shaped as the one given (for the copies of {@code kept})
     */
    public DeviceSam(SamSpec spec, DeviceVectors<V> ops, List<Chunk<V>> chunks, V saved, List<V> kept,
                     UnaryOperator<V> blankLike) {
        this.ops = ops;
        this.kept = List.copyOf(kept);
        this.keptCopies = kept.stream().map(blankLike).toList();
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

    /** A {@link DeviceSam} when {@code spec} is SAM (its vectors are allocated only then), else empty. */
    public static <V> Optional<DeviceSam<V>> of(OptimizerSpec spec, DeviceVectors<V> ops, List<Chunk<V>> chunks,
                                                Supplier<V> saved, List<V> kept, UnaryOperator<V> blankLike) {
        return spec instanceof SamSpec s ? Optional.of(new DeviceSam<>(s, ops, chunks, saved.get(), kept, blankLike))
                : Optional.empty();
    }

    /**
     * Keeps θ and the kept vectors, and moves to θ + ε, ε from the gradients in the chunks (the minibatch's mean
     * gradient at θ).
     *
     * @return the gradient's 2-norm (ASAM: of T·g), on which ε is scaled
     */
    public double ascend() {
        for (int i = 0; i < kept.size(); i++) {
            ops.copy(keptCopies.get(i), kept.get(i));
        }
        double norm;
        if (adaptive) {
            for (int i = 0; i < chunks.size(); i++) { // T·g into the copy's place, for one reduction
                Chunk<V> c = chunks.get(i);
                ops.abs(c.scratch0(), c.theta()); // a scratch vector: an engine may replace its storage
                ops.shift(c.scratch0(), Sam.ASAM_ETA);
                ops.mul(c.scratch0(), c.grad());
                ops.copy(saved.get(i), c.scratch0());
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

    /** θ and the kept vectors as they were before {@link #ascend}, exactly. */
    public void restore() {
        for (int i = 0; i < chunks.size(); i++) {
            ops.copy(chunks.get(i).theta(), saved.get(i));
        }
        for (int i = 0; i < kept.size(); i++) {
            ops.copy(kept.get(i), keptCopies.get(i));
        }
    }
}
