package io.sparkhpo.executors.train.djl;

import io.sparkhpo.executors.data.Batch;
import io.sparkhpo.executors.optim.FloatOptimizer;
import io.sparkhpo.executors.optim.OptimizerSpec;
import io.sparkhpo.executors.optim.OptimizerSpecs;
import io.sparkhpo.executors.optim.Sam;
import io.sparkhpo.executors.optim.SamSpec;
import io.sparkhpo.executors.optim.StepPlan;
import io.sparkhpo.executors.optim.WeightDecay;
import io.sparkhpo.executors.optim.WeightDecayMode;
import io.sparkhpo.executors.train.BatchResult;
import io.sparkhpo.executors.train.Clipping;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;

import static io.sparkhpo.executors.train.Trajectories.worstRelative;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SAM and ASAM trained through libtorch follow the pure functions: at each step the reference computes g at its own
 * θ and g' at θ + {@link Sam#perturbation} on a second network, and steps a {@link FloatOptimizer} with g' (within
 * {@link #TOLERANCE} after 5 steps). Also:
 * BatchNorm's running statistics are the first pass's, the reported loss is the loss at θ, and a checkpoint resumes
 * a SAM trial exactly.
 */
class DjlSamTest {

    static final int STEPS = 5;
    /**
     * Relative to max(|θ|, 1e-2). The engine and the reference round ε's norm in different orders (libtorch's norms per
     * chunk against a double sum), so g' is taken at points a few float32 ulps apart; measured here the difference
     * grows by about 1e-5 a step (ASAM(AdamW) at ρ = 1: 6e-5 after one step, 1.1e-4 after five).
     */
    static final double TOLERANCE = 2e-4;

    static SamSpec sgd(double rho, boolean adaptive) {
        return new SamSpec(OptimizerSpecs.create("sgd", 0.05, Map.of("momentum", 0.9), WeightDecay.of(5e-3,
                WeightDecayMode.L2)), rho, adaptive);
    }

    /**
     * AdamW with eps = 1e-3: with PyTorch's 1e-8, an element whose g' is near zero steps by ±lr on the sign of a
     * gradient that libtorch's CPU kernels need not compute to the same bits twice, which the comparison would measure
     * instead of the SAM step.
     */
    static SamSpec adamw(double rho, boolean adaptive) {
        return new SamSpec(OptimizerSpecs.create("adamw", 0.01, Map.of("eps", 1e-3), WeightDecay.of(0.05,
                WeightDecayMode.DECOUPLED_LR)), rho, adaptive);
    }

    @TestFactory
    List<DynamicTest> libtorchFollowsThePureSamStep() {
        return List.of(DynamicTest.dynamicTest("SAM(SGD) rho 0.05", () -> trajectory(sgd(0.05, false))),
                DynamicTest.dynamicTest("ASAM(SGD) rho 0.5", () -> trajectory(sgd(0.5, true))),
                DynamicTest.dynamicTest("SAM(AdamW) rho 0.05", () -> trajectory(adamw(0.05, false))),
                DynamicTest.dynamicTest("ASAM(AdamW) rho 1", () -> trajectory(adamw(1.0, true))));
    }

    static void trajectory(SamSpec spec) {
        OptimizerSpec base = spec.base();
        try (DjlSession session = DjlTestNets.session(spec, Clipping.NONE, 3);
             DjlSession probe = DjlTestNets.session(base, Clipping.NONE, 3)) {
            float[] theta = session.weights();
            FloatOptimizer reference = new FloatOptimizer(base, theta.length);
            for (int t = 0; t < STEPS; t++) {
                Batch b = DjlTestNets.batch(t);
                StepPlan plan = StepPlan.constant(base.lr(), base.weightDecay().value());
                reference.step(theta, perturbedGradient(probe, theta, b, spec), plan);
                session.trainBatch(b, plan);
            }
            double worst = worstRelative(session.weights(), theta);
            System.out.printf("libtorch %s: worst relative difference to the pure step %.3g after %d steps%n", spec.label(),
                    worst, STEPS);
            assertTrue(worst <= TOLERANCE, spec.label() + ": worst relative difference " + worst + " after " + STEPS
                    + " steps");
        }
    }

    /** g' of the pure step: g at θ on {@code probe}, ε from it, the gradient at θ + ε. */
    static float[] perturbedGradient(DjlSession probe, float[] theta, Batch b, SamSpec spec) {
        probe.setWeights(theta);
        float[] g = probe.gradient(b);
        float[] eps = new float[theta.length];
        Sam.perturbation(theta, g, (float) spec.rho(), spec.adaptive(), eps);
        float[] moved = theta.clone();
        for (int i = 0; i < moved.length; i++) {
            moved[i] += eps[i];
        }
        probe.setWeights(moved);
        return probe.gradient(b);
    }

    /**
     * One SAM step leaves BatchNorm's running statistics where one step of its base leaves them (the first pass's
     * only), and reports the loss at θ, not at θ + ε.
     */
    @Test
    void batchNormStatisticsAndLossAreTheFirstPasss() {
        SamSpec spec = sgd(0.5, false);
        StepPlan plan = StepPlan.constant(0.05, 5e-3);
        try (DjlSession sam = DjlTestNets.session(spec, Clipping.NONE, 4);
             DjlSession plain = DjlTestNets.session(spec.base(), Clipping.NONE, 4)) {
            float[] before = sam.statistics();
            BatchResult s = sam.trainBatch(DjlTestNets.batch(0), plan);
            BatchResult p = plain.trainBatch(DjlTestNets.batch(0), plan);
            assertTrue(worstRelative(sam.statistics(), before) > 1e-3, "the first pass moved the statistics");
            assertArrayEquals(plain.statistics(), sam.statistics(), 1e-6f);
            assertEquals(p.loss(), s.loss(), 1e-6 * Math.abs(p.loss()));
            assertTrue(worstRelative(sam.weights(), plain.weights()) > 1e-4, "SAM stepped with g', not g");
        }
    }

    @Test
    void checkpointResumesASamTrialExactly() throws Exception {
        SamSpec spec = adamw(0.05, true);
        StepPlan plan = StepPlan.constant(0.01, 0.05);
        try (DjlSession straight = DjlTestNets.session(spec, Clipping.NONE, 1);
             DjlSession resumed = DjlTestNets.session(spec, Clipping.NONE, 2)) {
            for (int k = 0; k < 3; k++) {
                straight.trainBatch(DjlTestNets.batch(k), plan);
            }
            ByteArrayOutputStream ckpt = new ByteArrayOutputStream();
            straight.checkpoint(ckpt);
            resumed.restore(new ByteArrayInputStream(ckpt.toByteArray()));
            for (int k = 3; k < 6; k++) {
                straight.trainBatch(DjlTestNets.batch(k), plan);
                resumed.trainBatch(DjlTestNets.batch(k), plan);
            }
            assertArrayEquals(straight.weights(), resumed.weights());
            assertArrayEquals(straight.statistics(), resumed.statistics());
        }
    }
}
