package io.sparkhpo.executors.train.dl4j;

import io.sparkhpo.executors.data.Batch;
import io.sparkhpo.executors.optim.FloatOptimizer;
import io.sparkhpo.executors.optim.OptimizerSpec;
import io.sparkhpo.executors.optim.OptimizerSpecs;
import io.sparkhpo.executors.optim.StepPlan;
import io.sparkhpo.executors.optim.WeightDecay;
import io.sparkhpo.executors.optim.WeightDecayMode;
import io.sparkhpo.executors.train.Clipping;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each optimizer and weight-decay mode trained through DL4J (the session, whose update runs as ND4J operations)
 * follows the float64 reference computed beside it ({@link FloatOptimizer} on the gradient DL4J computes at the
 * session's weights, on a second network): within 1e-5 relative after 5 steps. The golden tests establish that
 * the reference matches PyTorch.
 */
class Dl4jOptimizerTrajectoryTest {

    static final int STEPS = 5;

    record Case(String optimizer, Map<String, Object> params, double lr) {
    }

    static final List<Case> CASES = List.of(
            new Case("sgd", Map.of("momentum", 0.9), 0.05),
            new Case("sgd", Map.of("momentum", 0.9, "nesterov", true), 0.05),
            new Case("adagrad", Map.of(), 0.05),
            new Case("rmsprop", Map.of("momentum", 0.5, "centered", true), 0.005),
            new Case("adam", Map.of(), 0.01),
            new Case("amsgrad", Map.of(), 0.01),
            new Case("nadam", Map.of(), 0.01),
            new Case("adamax", Map.of(), 0.01),
            new Case("radam", Map.of(), 0.01),
            new Case("qhadam", Map.of("nu1", 0.7, "beta1", 0.995), 0.01));

    @TestFactory
    List<DynamicTest> dl4jFollowsThePureFunction() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : CASES) {
            for (WeightDecayMode mode : WeightDecayMode.values()) {
                tests.add(DynamicTest.dynamicTest(c.optimizer() + " " + c.params() + " " + mode.configName(),
                        () -> check(c, mode)));
            }
        }
        return tests;
    }

    static void check(Case c, WeightDecayMode mode) {
        double lambda = mode == WeightDecayMode.DECOUPLED ? 0.01 : 0.1;
        OptimizerSpec spec = OptimizerSpecs.create(c.optimizer(), c.lr(), c.params(), WeightDecay.of(lambda, mode));
        Dl4jSession session = Dl4jTestNets.session(spec, Clipping.NONE);
        ComputationGraph probe = Dl4jResNet18.build(Dl4jTestNets.WIDTH, 3, Dl4jTestNets.SIDE, Dl4jTestNets.SIDE, 10, 7);
        ParamLayout layout = ParamLayout.of(probe);
        float[] theta = session.weights();
        FloatOptimizer reference = new FloatOptimizer(spec, theta.length);
        for (int t = 0; t < STEPS; t++) {
            Batch b = Dl4jTestNets.batch(t);
            StepPlan plan = StepPlan.constant(c.lr(), lambda);
            reference.step(theta, gradientAt(probe, layout, session.weights(), b), plan);
            session.trainBatch(b, plan);
        }
        float[] dl4j = session.weights();
        double worst = 0;
        for (int i = 0; i < theta.length; i++) {
            worst = Math.max(worst, Math.abs(dl4j[i] - theta[i]) / Math.max(Math.abs(theta[i]), 1e-2));
        }
        assertTrue(worst <= 1e-5, c.optimizer() + " " + mode + ": worst relative difference " + worst);
    }

    /** The mean gradient of {@code b} at trainable weights {@code theta}, from DL4J's backprop on the probe network. */
    static float[] gradientAt(ComputationGraph probe, ParamLayout layout, float[] theta, Batch b) {
        float[] flat = probe.params().toFloatVector();
        layout.scatter(theta, flat);
        probe.params().assign(Nd4j.createFromArray(flat).reshape(probe.params().shape()));
        probe.setInputs(Dl4jSession.input(b, Dl4jOptions.DEFAULT.format()));
        INDArray y = Nd4j.zeros(DataType.FLOAT, b.size(), 10);
        for (int i = 0; i < b.size(); i++) {
            y.putScalar(i, b.labels()[i], 1f);
        }
        probe.setLabels(y);
        probe.computeGradientAndScore();
        float[] g = new float[theta.length];
        layout.gather(probe.getFlattenedGradients().toFloatVector(), g);
        float inv = 1f / b.size();
        for (int i = 0; i < g.length; i++) {
            g[i] *= inv;
        }
        return g;
    }
}
