package io.sparkhpo.executors.train.dl4j;

import io.sparkhpo.executors.data.Batch;
import io.sparkhpo.executors.optim.StepPlan;
import io.sparkhpo.executors.optim.OptimizerSpecs;
import io.sparkhpo.executors.optim.WeightDecay;
import io.sparkhpo.executors.optim.WeightDecayMode;
import io.sparkhpo.executors.train.Clipping;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The session's own update path (gradients divided by the batch size, BatchNorm statistics given DL4J's ready-made
 * update, flat vector gathered and scattered) reproduces DL4J's own training exactly where the two must agree:
 * plain SGD, every parameter including the running statistics, after several steps.
 */
class Dl4jPlumbingTest {

    static final double LR = 0.05;

    @Test
    void plainSgdEqualsDl4jsOwnFit() {
        Dl4jSession ours = Dl4jTestNets.session(OptimizerSpecs.create("sgd", LR, java.util.Map.of(), WeightDecay.none(WeightDecayMode.L2)),
                Clipping.NONE);
        ComputationGraph native_ = Dl4jTestNets.resnet18(Dl4jTestNets.WIDTH, 3, Dl4jTestNets.SIDE, Dl4jTestNets.SIDE, 10, 7,
                new Sgd(LR));
        assertTrue(ours.graph().params().equalsWithEps(native_.params(), 0), "same initialization");
        for (int k = 0; k < 4; k++) {
            Batch b = Dl4jTestNets.batch(k);
            ours.trainBatch(b, StepPlan.constant(LR, 0));
            INDArray x = Dl4jSession.input(b, Dl4jOptions.DEFAULT.format());
            INDArray y = Nd4j.zeros(DataType.FLOAT, Dl4jTestNets.BATCH, 10);
            for (int i = 0; i < Dl4jTestNets.BATCH; i++) {
                y.putScalar(i, b.labels()[i], 1f);
            }
            native_.fit(new DataSet(x, y));
        }
        INDArray a = ours.graph().params();
        INDArray n = native_.params();
        double maxDiff = a.sub(n).amaxNumber().doubleValue();
        double scale = n.amaxNumber().doubleValue();
        assertTrue(maxDiff <= 1e-5 * scale, "parameters differ by " + maxDiff + " (scale " + scale + ")");
        assertTrue(a.sub(Dl4jTestNets.resnet18(Dl4jTestNets.WIDTH, 3, Dl4jTestNets.SIDE, Dl4jTestNets.SIDE, 10, 7).params())
                .amaxNumber().doubleValue() > 1e-3, "training moved the parameters");
    }
}
