package io.sparkhpo.executors.optim;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a step around the rule, written once for every back end: gradient clipping, then the weight-decay
 * convention ({@link WeightDecayMode}), then the rule on each chunk. With α the base learning rate and η_t the
 * schedule multiplier:
 * <ul>
 *   <li>{@code l2}: the rule sees {@code g + λθ} (added to the gradient in place);</li>
 *   <li>{@code decoupled}: {@code θ ← θ − η_t·λ·θ}, then the rule (the AdamW paper's Algorithm 2);</li>
 *   <li>{@code decoupled_lr}: {@code θ ← θ·(1 − lr_t·λ)}, then the rule (PyTorch's AdamW, qhoptim's QHAdamW,
 *       torch 2's RAdam with {@code decoupled_weight_decay}).</li>
 * </ul>
 */
public final class Update {

    /** PyTorch's {@code clip_grad_norm_} adds this to the norm before dividing. */
    static final double NORM_EPSILON = 1e-6;

    private Update() {
    }

    /**
     * Clips the gradients in place as PyTorch's {@code clip_grad_value_} then {@code clip_grad_norm_} (2-norm over
     * all of them, scaled by maxNorm / (norm + 1e-6) when above); infinity turns a bound off.
     *
     * @return the gradients' 2-norm before clipping
     */
    public static <V> double clip(VectorOps<V> o, List<V> grads, double maxNorm, double maxValue) {
        return Math.sqrt(clipLater(o, grads, maxNorm, maxValue).value());
    }

    /**
     * {@link #clip}, with the norm left where the vectors live until asked for: the factor of norm clipping is
     * computed there too, so a GPU does not wait for the norm before the update.
     *
     * @return the sum of squares of the gradients before clipping
     */
    public static <V> VectorOps.Scalar clipLater(VectorOps<V> o, List<V> grads, double maxNorm, double maxValue) {
        VectorOps.Scalar sumOfSquares = o.sumOfSquaresLater(grads);
        boolean byValue = maxValue != Double.POSITIVE_INFINITY;
        if (byValue) {
            for (V g : grads) {
                o.clampAbs(g, maxValue);
            }
        }
        if (maxNorm != Double.POSITIVE_INFINITY) {
            if (byValue) {
                try (VectorOps.Scalar clipped = o.sumOfSquaresLater(grads)) {
                    o.clipToNorm(grads, clipped, maxNorm, NORM_EPSILON);
                }
            } else {
                o.clipToNorm(grads, sumOfSquares, maxNorm, NORM_EPSILON);
            }
        }
        return sumOfSquares;
    }

    /**
     * The weight decay of step {@code plan}, then one step of {@code rule} at step number {@code t} on every chunk.
     * With {@code l2} the chunks' gradients are changed in place.
     */
    public static <V> void apply(VectorOps<V> o, UpdateRule rule, WeightDecayMode mode, List<Chunk<V>> chunks,
                                 double[] scalars, long t, StepPlan plan) {
        Step step = new Step(t, plan.lr(), plan.momentum());
        rule.advance(scalars, step);
        for (Chunk<V> c : chunks) {
            decay(o, mode, c, plan);
            rule.apply(o, c, scalars, step);
        }
    }

    /** The weight decay of step {@code plan} on one chunk: L2 into its gradient, decoupled into its parameters. */
    public static <V> void decay(VectorOps<V> o, WeightDecayMode mode, Chunk<V> c, StepPlan plan) {
        double lambda = plan.weightDecay();
        if (lambda == 0) {
            return;
        }
        switch (mode) {
            case L2 -> o.axpy(c.grad(), lambda, c.theta(), c.scratch0());
            case DECOUPLED -> o.scale(c.theta(), 1 - plan.eta() * lambda);
            case DECOUPLED_LR -> o.scale(c.theta(), 1 - plan.lr() * lambda);
        }
    }

    /** The gradients of {@code chunks}, for {@link #clip}. */
    public static <V> List<V> grads(List<Chunk<V>> chunks) {
        List<V> out = new ArrayList<>(chunks.size());
        for (Chunk<V> c : chunks) {
            out.add(c.grad());
        }
        return out;
    }
}
