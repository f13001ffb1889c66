package io.sparkhpo.executors.train.dl4j;

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
import org.deeplearning4j.nn.graph.ComputationGraph;
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
 * SAM and ASAM trained through DL4J follow the pure functions: the reference computes g at its own θ and g' at
 * θ + {@link Sam#perturbation} on a second network, and steps a {@link FloatOptimizer} with g' (within 1e-4 relative
 * after 5 steps; ε's norm is rounded in another order than ND4J's, and Adam's normalization turns a few ulps of g'
 * into more). Also: BatchNorm's running statistics are the first pass's, the loss reported is the loss at θ, and a
 * checkpoint resumes a SAM trial exactly.
 */
class Dl4jSamTest {

    static final int STEPS = 5;
    static final double TOLERANCE = 1e-4;

    @TestFactory
    List<DynamicTest> dl4jFollowsThePureSamStep() {
        OptimizerSpec sgd = OptimizerSpecs.create("sgd", 0.05, Map.of("momentum", 0.9), WeightDecay.of(5e-3, WeightDecayMode.L2));
        OptimizerSpec adamw = OptimizerSpecs.create("adamw", 0.01, Map.of(), WeightDecay.of(0.05, WeightDecayMode.DECOUPLED_LR));
        return List.of(DynamicTest.dynamicTest("SAM(SGD) rho 0.05", () -> trajectory(new SamSpec(sgd, 0.05, false))),
                DynamicTest.dynamicTest("ASAM(SGD) rho 0.5", () -> trajectory(new SamSpec(sgd, 0.5, true))),
                DynamicTest.dynamicTest("SAM(AdamW) rho 0.05", () -> trajectory(new SamSpec(adamw, 0.05, false))),
                DynamicTest.dynamicTest("ASAM(AdamW) rho 1", () -> trajectory(new SamSpec(adamw, 1.0, true))));
    }

    static void trajectory(SamSpec spec) {
        OptimizerSpec base = spec.base();
        try (Dl4jSession session = Dl4jTestNets.session(spec, Clipping.NONE)) {
            ComputationGraph probe = Dl4jResNet18.build(Dl4jTestNets.WIDTH, 3, Dl4jTestNets.SIDE, Dl4jTestNets.SIDE, 10, 7);
            ParamLayout layout = ParamLayout.of(probe);
            float[] theta = session.weights();
            FloatOptimizer reference = new FloatOptimizer(base, theta.length);
            for (int t = 0; t < STEPS; t++) {
                Batch b = Dl4jTestNets.batch(t);
                StepPlan plan = StepPlan.constant(base.lr(), base.weightDecay().value());
                float[] g = Dl4jOptimizerTrajectoryTest.gradientAt(probe, layout, theta, b);
                float[] moved = theta.clone();
                float[] eps = new float[theta.length];
                Sam.perturbation(theta, g, (float) spec.rho(), spec.adaptive(), eps);
                for (int i = 0; i < moved.length; i++) {
                    moved[i] += eps[i];
                }
                reference.step(theta, Dl4jOptimizerTrajectoryTest.gradientAt(probe, layout, moved, b), plan);
                session.trainBatch(b, plan);
            }
            double worst = worstRelative(session.weights(), theta);
            System.out.printf("DL4J %s: worst relative difference to the pure step %.3g after %d steps%n", spec.label(),
                    worst, STEPS);
            assertTrue(worst <= TOLERANCE, spec.label() + ": worst relative difference " + worst + " after " + STEPS
                    + " steps");
        }
    }

    static float[] statistics(Dl4jSession s) {
        return ParamLayout.of(s.graph()).statistics(s.graph().params().toFloatVector());
    }

    /** One SAM step leaves the running statistics where one step of its base does, and reports the loss at θ. */
    @Test
    void batchNormStatisticsAndLossAreTheFirstPasss() {
        OptimizerSpec base = OptimizerSpecs.create("sgd", 0.05, Map.of("momentum", 0.9), WeightDecay.of(5e-3, WeightDecayMode.L2));
        StepPlan plan = StepPlan.constant(0.05, 5e-3);
        try (Dl4jSession sam = Dl4jTestNets.session(new SamSpec(base, 0.5, false), Clipping.NONE);
             Dl4jSession plain = Dl4jTestNets.session(base, Clipping.NONE)) {
            float[] before = statistics(sam);
            BatchResult s = sam.trainBatch(Dl4jTestNets.batch(0), plan);
            BatchResult p = plain.trainBatch(Dl4jTestNets.batch(0), plan);
            assertTrue(worstRelative(statistics(sam), before) > 1e-3, "the first pass moved the statistics");
            assertArrayEquals(statistics(plain), statistics(sam), 1e-6f);
            assertEquals(p.loss(), s.loss(), 1e-6 * Math.abs(p.loss()));
            assertEquals(p.wrong(), s.wrong());
            assertTrue(worstRelative(sam.weights(), plain.weights()) > 1e-4, "SAM stepped with g', not g");
        }
    }

    @Test
    void checkpointResumesASamTrialExactly() throws Exception {
        OptimizerSpec adamw = OptimizerSpecs.create("adamw", 0.01, Map.of(), WeightDecay.of(0.05, WeightDecayMode.DECOUPLED_LR));
        StepPlan plan = StepPlan.constant(0.01, 0.05);
        try (Dl4jSession straight = Dl4jTestNets.session(new SamSpec(adamw, 0.5, true), Clipping.NONE);
             Dl4jSession resumed = Dl4jTestNets.session(new SamSpec(adamw, 0.5, true), Clipping.NONE)) {
            for (int k = 0; k < 3; k++) {
                straight.trainBatch(Dl4jTestNets.batch(k), plan);
            }
            ByteArrayOutputStream ckpt = new ByteArrayOutputStream();
            straight.checkpoint(ckpt);
            resumed.restore(new ByteArrayInputStream(ckpt.toByteArray()));
            for (int k = 3; k < 6; k++) {
                straight.trainBatch(Dl4jTestNets.batch(k), plan);
                resumed.trainBatch(Dl4jTestNets.batch(k), plan);
            }
            assertEquals(straight.graph().params(), resumed.graph().params(), "weights, statistics and moments");
        }
    }
}
