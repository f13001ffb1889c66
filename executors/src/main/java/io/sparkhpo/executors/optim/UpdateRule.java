package io.sparkhpo.executors.optim;

/**
 * One optimizer's update rule as a pure function on flat arrays: everything it reads or writes is passed in.
 * Rules are element-wise, so any set of parameters may be packed into one array.
 *
 * <p>Call order: the caller allocates {@link #stateArrays()} arrays of the parameters' length filled with
 * {@link #initialState(int)}, and {@link #initialScalars()}, then calls {@link #apply} once per step with
 * {@code t = 1, 2, ...}. Weight decay is not part of a rule: {@link Optimizer} applies it (L2 to the gradient
 * before the rule, decoupled decay to the parameters) and passes the rule the gradient to use.
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

    /**
     * One step on elements {@code [0, n)}: updates {@code theta}, {@code state} and {@code scalars} in place.
     *
     * @param theta   parameters
     * @param grad    gradient (L2 term already added when the decay mode is L2); not modified
     * @param n       number of elements
     */
    void apply(double[] theta, double[] grad, int n, double[][] state, double[] scalars, Step step);
}
