package io.sparkhpo.executors.optim;

import java.util.Arrays;

/**
 * An optimizer over a flat parameter array of length n, in float64: an {@link UpdateRule}, its state, the
 * step count, and the weight-decay convention (DESIGN.md):
 * <ul>
 *   <li>{@code l2}: the rule sees {@code g + λθ};</li>
 *   <li>{@code decoupled}: {@code θ ← θ − η_t·λ·θ}, then the rule (the AdamW paper's Algorithm 2);</li>
 *   <li>{@code decoupled_lr}: {@code θ ← θ·(1 − lr_t·λ)}, then the rule (PyTorch's AdamW, qhoptim's QHAdamW,
 *       torch 2's RAdam with {@code decoupled_weight_decay}).</li>
 * </ul>
 * Not thread-safe; one per trial. {@link FloatOptimizer} is the same in float32.
 */
public final class Optimizer {

    private final UpdateRule rule;
    private final WeightDecayMode mode;
    private final int n;
    private final double[][] state;
    private final double[] scalars;
    private final double[] effectiveGrad;
    private long steps;

    public Optimizer(OptimizerSpec spec, int n) {
        this.rule = spec.rule();
        this.mode = spec.weightDecay().mode();
        this.n = n;
        this.state = new double[rule.stateArrays()][n];
        for (int k = 0; k < state.length; k++) {
            Arrays.fill(state[k], rule.initialState(k));
        }
        this.scalars = rule.initialScalars();
        this.effectiveGrad = new double[n];
    }

    /** One step: updates {@code theta} in place; {@code grad} is not modified. */
    public void step(double[] theta, double[] grad, StepPlan plan) {
        steps++;
        apply(rule, mode, theta, grad, effectiveGrad, n, state, scalars, steps, plan);
    }

    /** Steps taken so far. */
    public long steps() {
        return steps;
    }

    /** The rule's state arrays (live). */
    public double[][] state() {
        return state;
    }

    public double[] scalars() {
        return scalars;
    }

    /** Replaces the state with a saved one. */
    public void restore(long steps, double[][] savedState, double[] savedScalars) {
        if (savedState.length != state.length || savedScalars.length != scalars.length) {
            throw new IllegalArgumentException("optimizer state has " + savedState.length + " arrays and "
                    + savedScalars.length + " scalars, expected " + state.length + " and " + scalars.length);
        }
        for (int k = 0; k < state.length; k++) {
            System.arraycopy(savedState[k], 0, state[k], 0, n);
        }
        System.arraycopy(savedScalars, 0, scalars, 0, scalars.length);
        this.steps = steps;
    }

    /** The step shared by the float64 and float32 optimizers. */
    static void apply(UpdateRule rule, WeightDecayMode mode, double[] theta, double[] grad, double[] scratch, int n,
                      double[][] state, double[] scalars, long t, StepPlan plan) {
        double lambda = plan.weightDecay();
        double[] g = grad;
        if (lambda != 0) {
            switch (mode) {
                case L2 -> {
                    for (int i = 0; i < n; i++) {
                        scratch[i] = grad[i] + lambda * theta[i];
                    }
                    g = scratch;
                }
                case DECOUPLED -> scale(theta, n, 1 - plan.eta() * lambda);
                case DECOUPLED_LR -> scale(theta, n, 1 - plan.lr() * lambda);
            }
        }
        rule.apply(theta, g, n, state, scalars, new Step(t, plan.lr(), plan.momentum()));
    }

    private static void scale(double[] theta, int n, double factor) {
        for (int i = 0; i < n; i++) {
            theta[i] *= factor;
        }
    }
}
