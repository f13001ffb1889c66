package io.sparkhpo.executors.optim;

import java.util.Arrays;
import java.util.List;

/**
 * {@link Optimizer} for float32 parameters on the heap: parameters and state are kept in float32, as PyTorch keeps
 * them for float32 models; each step widens them to float64, runs {@link Update} on {@link DoubleOps} and rounds
 * the results back. The engines' trajectory tests use it as the reference for their {@link DeviceOptimizer}s, and
 * {@code bench --profile} times it as the host-side update the engines ran before theirs moved to the device.
 * Not thread-safe.
 */
public final class FloatOptimizer {

    private final UpdateRule rule;
    private final WeightDecayMode mode;
    private final int n;
    private final float[][] state;
    private final double[] scalars;
    private final double[] theta64;
    private final double[] grad64;
    private final double[] scratch0;
    private final double[] scratch1;
    private final double[][] state64;
    private long steps;

    public FloatOptimizer(OptimizerSpec spec, int n) {
        this.rule = spec.rule();
        this.mode = spec.weightDecay().mode();
        this.n = n;
        this.state = new float[rule.stateArrays()][n];
        for (int k = 0; k < state.length; k++) {
            Arrays.fill(state[k], (float) rule.initialState(k));
        }
        this.scalars = rule.initialScalars();
        this.theta64 = new double[n];
        this.grad64 = new double[n];
        this.scratch0 = new double[n];
        this.scratch1 = new double[n];
        this.state64 = new double[state.length][n];
    }

    /** One step on float32 arrays: updates {@code theta} in place; {@code grad} is not modified. */
    public void step(float[] theta, float[] grad, StepPlan plan) {
        steps++;
        for (int i = 0; i < n; i++) {
            theta64[i] = theta[i];
            grad64[i] = grad[i];
        }
        for (int k = 0; k < state.length; k++) {
            for (int i = 0; i < n; i++) {
                state64[k][i] = state[k][i];
            }
        }
        Update.apply(DoubleOps.INSTANCE, rule, mode, List.of(new Chunk<>(theta64, grad64, state64, scratch0, scratch1)),
                scalars, steps, plan);
        for (int i = 0; i < n; i++) {
            theta[i] = (float) theta64[i];
        }
        for (int k = 0; k < state.length; k++) {
            for (int i = 0; i < n; i++) {
                state[k][i] = (float) state64[k][i];
            }
        }
    }

    public long steps() {
        return steps;
    }

    public int size() {
        return n;
    }
}
