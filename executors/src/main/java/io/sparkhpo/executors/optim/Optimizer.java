package io.sparkhpo.executors.optim;

import java.util.Arrays;
import java.util.List;

/**
 * The float64 reference optimizer over a flat parameter array of length n: an {@link UpdateRule}, its state, the
 * step count and the weight-decay convention, stepped by {@link Update} on {@link DoubleOps}. The golden tests
 * replay PyTorch's float64 trajectories with it; the engines run the same {@link Update} on their own tensors
 * ({@link DeviceOptimizer}). Not thread-safe; one per trial. {@link FloatOptimizer} is the same on float32
 * arrays.
 */
public final class Optimizer {

    private final UpdateRule rule;
    private final WeightDecayMode mode;
    private final int n;
    private final double[][] state;
    private final double[] scalars;
    private final double[] effectiveGrad;
    private final double[] scratch0;
    private final double[] scratch1;
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
        this.scratch0 = new double[n];
        this.scratch1 = new double[n];
    }

    /** One step: updates {@code theta} in place; {@code grad} is not modified. */
    public void step(double[] theta, double[] grad, StepPlan plan) {
        steps++;
        System.arraycopy(grad, 0, effectiveGrad, 0, n);
        Update.apply(DoubleOps.INSTANCE, rule, mode, List.of(new Chunk<>(theta, effectiveGrad, state, scratch0, scratch1)),
                scalars, steps, plan);
    }

    /** Steps taken so far. */
    public long steps() {
        return steps;
    }
}
