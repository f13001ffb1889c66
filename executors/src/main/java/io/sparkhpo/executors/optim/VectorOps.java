package io.sparkhpo.executors.optim;

import java.util.List;

/**
 * Element-wise arithmetic on the vectors of one back end: Java {@code double[]} arrays ({@link DoubleOps}, the
 * float64 reference), libtorch tensors through DJL, ND4J arrays. The update rules ({@link UpdateRule}), the
 * weight-decay conventions and gradient clipping are written once against this interface, so every back end
 * runs the same sequence of operations on its own device.
 *
 * <p>Every operation works in place on its first argument, over vectors of one length, and needs no memory of
 * its own: the primitives are those libtorch and ND4J have as in-place kernels. The composite operations have
 * default implementations from the primitives (with the scratch vector they name); a back end overrides one only
 * with an implementation that computes exactly the same roundings in the same order (a fused loop).
 *
 * <p>Scalar arguments are host doubles; a back end passes them to its kernels as scalar arguments. Reductions
 * ({@link #sumOfSquares}) are the only operations whose result comes back to the host, and clipping needs not wait
 * for theirs ({@link #sumOfSquaresLater}, {@link #clipToNorm}).
 *
 * @param <V> the back end's vector (a view of part of a parameter, a state array or a scratch array)
 */
public interface VectorOps<V> {

    /** {@code x ← a·x}. */
    void scale(V x, double a);

    /** {@code x ← x + a}. */
    void shift(V x, double a);

    /** {@code x ← x + y}. */
    void add(V x, V y);

    /** {@code x ← x − y}. */
    void sub(V x, V y);

    /** {@code x ← x·y}. */
    void mul(V x, V y);

    /** {@code x ← x / y}. */
    void div(V x, V y);

    /** {@code dst ← src}. */
    void copy(V dst, V src);

    /** {@code dst ← √src}; {@code dst} is a scratch vector (it may be {@code src}). */
    void sqrt(V dst, V src);

    /** {@code dst ← |src|}; {@code dst} is a scratch vector. */
    void abs(V dst, V src);

    /** {@code x ← max(x, y)}. */
    void max(V x, V y);

    /** {@code x ← min(max(x, −c), c)}. */
    void clampAbs(V x, double c);

    /**
     * The sum of the squares of all elements of all {@code xs}, brought to the host as one number (PyTorch's
     * {@code clip_grad_norm_} order: a norm per vector, then the norm of the norms, squared).
     */
    double sumOfSquares(List<V> xs);

    /**
     * A number computed where the vectors live, brought to the host only when {@link #value} is asked for; closing
     * one that is never read frees it.
     */
    interface Scalar extends AutoCloseable {
        double value();

        @Override
        default void close() {
        }
    }

    /**
     * {@link #sumOfSquares} kept where the vectors live, so that clipping can scale by it ({@link #clipToNorm})
     * without waiting for it to reach the host: a GPU queues the update behind it and the norm is read after. By
     * default it is read at once.
     */
    default Scalar sumOfSquaresLater(List<V> xs) {
        double v = sumOfSquares(xs);
        return () -> v;
    }

    /**
     * Scales every {@code x} by min(1, maxNorm / (√sumOfSquares + eps)), as {@code clip_grad_norm_} does. By default
     * the factor is computed on the host (and a factor of 1 or more scales nothing); a back end that keeps the sum
     * where the vectors live computes it there, in float32.
     */
    default void clipToNorm(List<V> xs, Scalar sumOfSquares, double maxNorm, double eps) {
        double coef = maxNorm / (Math.sqrt(sumOfSquares.value()) + eps);
        if (coef < 1) {
            for (V x : xs) {
                scale(x, coef);
            }
        }
    }

    /**
     * {@code dst ← a·y}; {@code dst} is a scratch vector. A back end may write a new vector in its place (one pass,
     * no copy) where its kernels are not in place.
     */
    default void scaled(V dst, V y, double a) {
        copy(dst, y);
        scale(dst, a);
    }

    /** {@code dst ← y·z}; {@code dst} is a scratch vector, as in {@link #scaled}. */
    default void product(V dst, V y, V z) {
        copy(dst, y);
        mul(dst, z);
    }

    /** {@code dst ← y/z}; {@code dst} is a scratch vector, as in {@link #scaled}. */
    default void quotient(V dst, V y, V z) {
        copy(dst, y);
        div(dst, z);
    }

    /** {@code x ← x + a·y}, with {@code tmp} a scratch vector. */
    default void axpy(V x, double a, V y, V tmp) {
        if (a == 1) {
            add(x, y);
            return;
        }
        scaled(tmp, y, a);
        add(x, tmp);
    }

    /**
     * {@code x ← b·x + (1 − b)·y}, the moving averages of the Adam family, in PyTorch's order ({@code x.mul_(b)
     * .add_(y, alpha=1 − b)}); {@code tmp} is a scratch vector. (The shorter {@code (x − y)·b + y} loses up to
     * 1/(1 − b) ulps to cancellation: 1,000 for β2 = 0.999.)
     */
    default void lerp(V x, V y, double b, V tmp) {
        scale(x, b);
        axpy(x, 1 - b, y, tmp);
    }

    /** {@code x ← b·x + (1 − b)·y²} in PyTorch's order; {@code tmp} is a scratch vector, left holding (1 − b)·y². */
    default void lerpSquare(V x, V y, double b, V tmp) {
        product(tmp, y, y);
        scale(tmp, 1 - b);
        scale(x, b);
        add(x, tmp);
    }

    /** {@code x ← x + a·y/d}, with {@code tmp} a scratch vector (not {@code d}); nothing when {@code a = 0}. */
    default void addRatio(V x, double a, V y, V d, V tmp) {
        if (a == 0) {
            return;
        }
        quotient(tmp, y, d);
        scale(tmp, a);
        add(x, tmp);
    }
}
