package io.sparkhpo.executors.train.djl;

import io.sparkhpo.executors.data.Batches;
import io.sparkhpo.executors.data.Dataset;
import io.sparkhpo.executors.data.Normalization;
import io.sparkhpo.executors.data.TestData;
import io.sparkhpo.executors.optim.OptimizerSpecs;
import io.sparkhpo.executors.optim.StepPlan;
import io.sparkhpo.executors.optim.WeightDecay;
import io.sparkhpo.executors.optim.WeightDecayMode;
import io.sparkhpo.executors.train.Clipping;
import io.sparkhpo.executors.train.Evaluation;
import io.sparkhpo.executors.train.TrafficCheck;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A libtorch step moves its batch, its labels and a few scalars; the optimizer state stays in libtorch. */
class DjlTrafficTest {

    /** AMSGrad keeps the most state (three arrays); both clipping bounds add their reductions. */
    @Test
    void aStepMovesItsBatchAndAFewScalars() {
        for (String optimizer : new String[]{"amsgrad", "qhadam"}) {
            try (DjlSession s = DjlTestNets.session(OptimizerSpecs.create(optimizer, 1e-3, Map.of("nu1", 0.7),
                    WeightDecay.of(1e-2, WeightDecayMode.L2)), new Clipping(1.0, 0.5), 3)) {
                TrafficCheck.stepMovesOnlyItsBatch(s, DjlTestNets::batch, Long.BYTES);
            }
        }
    }

    /** Evaluation sums the loss and the errors in libtorch: the same figures as a host computation from logits. */
    @Test
    void evaluationOnTheDeviceEqualsTheHostComputation() {
        Dataset data = TestData.randomImages(20, DjlTestNets.SIDE, 3);
        Batches batches = Batches.evaluation(data, 8, Normalization.of(data));
        try (DjlSession s = DjlTestNets.session(OptimizerSpecs.create("adam", 1e-2, Map.of(),
                WeightDecay.none(WeightDecayMode.L2)), Clipping.NONE, 3)) {
            for (int k = 0; k < 3; k++) {
                s.trainBatch(DjlTestNets.batch(k), StepPlan.constant(1e-2, 0));
            }
            double lossSum = 0;
            long wrong = 0;
            for (int i = 0; i < batches.count(); i++) {
                float[] lp = s.logProbabilities(batches.get(0, i));
                int[] y = batches.get(0, i).labels();
                for (int r = 0; r < y.length; r++) {
                    int best = 0;
                    for (int c = 1; c < 10; c++) {
                        best = lp[r * 10 + c] > lp[r * 10 + best] ? c : best;
                    }
                    wrong += best == y[r] ? 0 : 1;
                    lossSum -= lp[r * 10 + y[r]];
                }
            }
            Evaluation e = s.evaluate(batches);
            assertEquals(20, e.examples());
            assertEquals(wrong / 20.0, e.errorRate(), 1e-12);
            assertEquals(lossSum / 20, e.meanLoss(), 1e-5 * Math.abs(lossSum / 20));
            TrafficCheck.evaluationMovesOnlyItsBatches(s, batches, Long.BYTES);
        }
    }
}
