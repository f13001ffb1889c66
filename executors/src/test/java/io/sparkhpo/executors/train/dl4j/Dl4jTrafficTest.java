package io.sparkhpo.executors.train.dl4j;

import io.sparkhpo.executors.data.Batch;
import io.sparkhpo.executors.data.Batches;
import io.sparkhpo.executors.data.Dataset;
import io.sparkhpo.executors.data.Normalization;
import io.sparkhpo.executors.data.TestData;
import io.sparkhpo.executors.optim.OptimizerSpecs;
import io.sparkhpo.executors.optim.WeightDecay;
import io.sparkhpo.executors.optim.WeightDecayMode;
import io.sparkhpo.executors.train.Clipping;
import io.sparkhpo.executors.train.Evaluation;
import io.sparkhpo.executors.train.TrafficCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A DL4J step moves its batch, its labels and a few scalars; the optimizer state stays in ND4J. */
class Dl4jTrafficTest {

    /** AMSGrad keeps the most state (three arrays); both clipping bounds add their reductions. */
    @Test
    void aStepMovesItsBatchAndAFewScalars() {
        for (String optimizer : new String[]{"amsgrad", "qhadam"}) {
            try (Dl4jSession s = Dl4jTestNets.session(OptimizerSpecs.create(optimizer, 1e-3, Map.of("nu1", 0.7),
                    WeightDecay.of(1e-2, WeightDecayMode.L2)), new Clipping(1.0, 0.5))) {
                TrafficCheck.stepMovesOnlyItsBatch(s, Dl4jTestNets::batch, Integer.BYTES);
            }
        }
    }

    /** Evaluation sums the loss and the errors in ND4J: the same figures as computed on the heap. */
    @Test
    void evaluationOnTheDeviceEqualsTheHostComputation() {
        Dataset data = TestData.randomImages(20, Dl4jTestNets.SIDE, 3);
        Batches batches = Batches.evaluation(data, 8, Normalization.of(data));
        try (Dl4jSession s = Dl4jTestNets.session(OptimizerSpecs.create("adam", 1e-2, Map.of(),
                WeightDecay.none(WeightDecayMode.L2)), Clipping.NONE)) {
            for (int k = 0; k < 3; k++) {
                s.trainBatch(Dl4jTestNets.batch(k), io.sparkhpo.executors.optim.StepPlan.constant(1e-2, 0));
            }
            double lossSum = 0;
            long wrong = 0;
            for (int i = 0; i < batches.count(); i++) {
                Batch b = batches.get(0, i);
                INDArray probs = s.graph().outputSingle(false, Dl4jSession.input(b, Dl4jOptions.DEFAULT.format()));
                float[] p = probs.reshape(probs.length()).toFloatVector();
                for (int r = 0; r < b.size(); r++) {
                    int best = 0;
                    for (int c = 1; c < 10; c++) {
                        best = p[r * 10 + c] > p[r * 10 + best] ? c : best;
                    }
                    wrong += best == b.labels()[r] ? 0 : 1;
                    lossSum -= Math.log(p[r * 10 + b.labels()[r]]);
                }
            }
            Evaluation e = s.evaluate(batches);
            assertEquals(20, e.examples());
            assertEquals(wrong / 20.0, e.errorRate(), 1e-12);
            assertEquals(lossSum / 20, e.meanLoss(), 1e-5 * Math.abs(lossSum / 20));
            TrafficCheck.evaluationMovesOnlyItsBatches(s, batches, Integer.BYTES);
        }
    }
}
