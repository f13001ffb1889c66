package io.sparkhpo.executors.optim;

/**
 * One optimizer's update rule, written once over {@link VectorOps} so that every back end (the float64
 * reference, libtorch, ND4J) runs it as its own tensor operations. Rules are element-wise, so the parameters may be
 * split into any {@link Chunk}s.
 *
 * <p>Call order: the caller allocates {@link #stateArrays()} arrays of the parameters' length filled with
 * {@link #initialState(int)}, and {@link #initialScalars()}; then, once per step {@code t = 1, 2, ...}, calls
 * {@link #advance} once and {@link #apply} on every chunk. Weight decay is not part of a rule: {@link Update}
 * applies it (L2 to the gradient before the rule, decoupled decay to the parameters).
 */
public interface UpdateRule {

    /** State arrays the rule keeps per parameter (moments, accumulators). */
    int stateArrays();

    /** The value state array {@code k} starts with. */
    default double initialState(int k) {
        return 0.0;
    }

    /** Scalar state shared by all elements (e.g. NAdam's running product of μ), with initial values. */
    default double[] initialScalars() {
        return new double[0];
    }

    /** Moves the scalar state to step {@code step.t()}; called once per step, before the chunks. */
    default void advance(double[] scalars, Step step) {
    }

    /**
     * One step on one chunk: updates its parameters and state in place; reads {@code scalars} as
     * {@link #advance} left them. The chunk's gradient is not modified.
     */
    <V> void apply(VectorOps<V> o, Chunk<V> c, double[] scalars, Step step);
}
