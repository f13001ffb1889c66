package io.sparkhpo.executors.train.dl4j;

import io.sparkhpo.executors.data.Batch;
import io.sparkhpo.executors.train.EngineSessionContract;
import io.sparkhpo.executors.train.EngineTrajectoryContract;
import io.sparkhpo.executors.train.TrainingEngine;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The engine contract through DL4J: {@link EngineSessionContract} and the {@link EngineTrajectoryContract} it extends.
 */
class Dl4jSessionContractTest extends EngineSessionContract<Dl4jSession> {

    @Override
    protected TrainingEngine engine() {
        return new Dl4jEngine();
    }

    @Override
    protected float[] statistics(Dl4jSession s) {
        return ParamLayout.of(s.graph()).statistics(s.graph().params().toFloatVector());
    }

    /** A second DL4J network, its trainable weights set to θ (its running statistics play no part in training mode). */
    @Override
    protected GradientProbe gradientProbe() {
        ComputationGraph probe = Dl4jTestNets.resnet18(WIDTH, 3, SIDE, SIDE, CLASSES, 7);
        ParamLayout layout = ParamLayout.of(probe);
        return new GradientProbe() {
            @Override
            public float[] gradient(float[] theta, Batch b) {
                return gradientAt(probe, layout, theta, b);
            }

            @Override
            public void close() {
                probe.clear();
            }
        };
    }

    /** The mean gradient of {@code b} at trainable weights {@code theta}, from DL4J's backprop on the probe network. */
    static float[] gradientAt(ComputationGraph probe, ParamLayout layout, float[] theta, Batch b) {
        float[] flat = probe.params().toFloatVector();
        layout.scatter(theta, flat);
        probe.params().assign(Nd4j.createFromArray(flat).reshape(probe.params().shape()));
        probe.setInputs(Dl4jSession.input(b, Dl4jOptions.DEFAULT.format()));
        INDArray y = Nd4j.zeros(DataType.FLOAT, b.size(), CLASSES);
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

    /** From the network's softmax output, logged on the heap. */
    @Override
    protected double[] logProbabilities(Dl4jSession s, Batch b) {
        INDArray probs = s.graph().outputSingle(false, Dl4jSession.input(b, Dl4jOptions.current().format()));
        float[] p = probs.reshape(probs.length()).toFloatVector();
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = Math.log(p[i]);
        }
        return out;
    }

    @Override
    protected int labelBytes() {
        return Integer.BYTES;
    }
}
