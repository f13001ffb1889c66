package io.sparkhpo.executors.train.dl4j;

import io.sparkhpo.executors.data.Batch;
import io.sparkhpo.executors.data.Batches;
import io.sparkhpo.executors.data.Dataset;
import io.sparkhpo.executors.data.Normalization;
import io.sparkhpo.executors.optim.AdamSpec;
import io.sparkhpo.executors.optim.StepPlan;
import io.sparkhpo.executors.optim.WeightDecay;
import io.sparkhpo.executors.optim.WeightDecayMode;
import io.sparkhpo.executors.train.Clipping;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Dl4jSessionTest {

    static Dl4jSession adamw() {
        return Dl4jTestNets.session(AdamSpec.of(0.01, WeightDecay.of(0.05, WeightDecayMode.DECOUPLED_LR)), Clipping.NONE);
    }

    /**
     * A checkpoint holds weights, BatchNorm statistics, the optimizer's moments and step count: training after a
     * restore gives exactly what an uninterrupted session gives.
     */
    @Test
    void checkpointRestoresTrainingExactly() throws Exception {
        StepPlan plan = StepPlan.constant(0.01, 0.05);
        try (Dl4jSession straight = adamw(); Dl4jSession resumed = adamw()) {
            for (int k = 0; k < 3; k++) {
                straight.trainBatch(Dl4jTestNets.batch(k), plan);
            }
            ByteArrayOutputStream ckpt = new ByteArrayOutputStream();
            straight.checkpoint(ckpt);
            assertFalse(straight.graph().params().equals(resumed.graph().params()));
            resumed.restore(new ByteArrayInputStream(ckpt.toByteArray()));
            assertEquals(straight.graph().params(), resumed.graph().params());
            for (int k = 3; k < 6; k++) {
                straight.trainBatch(Dl4jTestNets.batch(k), plan);
                resumed.trainBatch(Dl4jTestNets.batch(k), plan);
            }
            assertEquals(straight.graph().params(), resumed.graph().params(), "the Adam moments and step count came back");
        }
    }

    @Test
    void weightsRoundTripAndLeaveStatisticsAlone() {
        try (Dl4jSession s = adamw()) {
            float[] w = s.weights();
            assertEquals(s.trainableParameters(), w.length);
            float[] changed = w.clone();
            Arrays.fill(changed, 0.25f);
            float[] flatBefore = s.graph().params().toFloatVector();
            s.setWeights(changed);
            assertArrayEquals(changed, s.weights());
            ParamLayout layout = ParamLayout.of(s.graph());
            assertArrayEquals(layout.statistics(flatBefore), layout.statistics(s.graph().params().toFloatVector()));
        }
    }

    /**
     * SWA's BatchNorm recomputation is a cumulative average over the batches: it forgets the running statistics
     * it starts from, and leaves every weight unchanged.
     */
    @Test
    void batchNormRecomputationForgetsOldStatisticsAndKeepsWeights() {
        Random rng = new Random(3);
        byte[] px = new byte[40 * 3 * Dl4jTestNets.SIDE * Dl4jTestNets.SIDE];
        rng.nextBytes(px);
        byte[] labels = new byte[40];
        Dataset data = new Dataset("r", 3, Dl4jTestNets.SIDE, Dl4jTestNets.SIDE, 10, px, labels);
        Batches batches = Batches.training(data, Dl4jTestNets.BATCH, Normalization.of(data), false, 0, 1);
        try (Dl4jSession a = adamw(); Dl4jSession b = adamw()) {
            for (int k = 0; k < 4; k++) {
                b.trainBatch(Dl4jTestNets.batch(k), StepPlan.constant(0.01, 0.05)); // b's statistics drift
            }
            b.setWeights(a.weights());
            float[] weights = a.weights();
            a.recomputeBatchNorm(batches, 0);
            b.recomputeBatchNorm(batches, 0);
            ParamLayout layout = ParamLayout.of(a.graph());
            float[] sa = layout.statistics(a.graph().params().toFloatVector());
            float[] sb = layout.statistics(b.graph().params().toFloatVector());
            double worst = 0;
            for (int i = 0; i < sa.length; i++) {
                worst = Math.max(worst, Math.abs(sa[i] - sb[i]) / Math.max(1e-3, Math.abs(sa[i])));
            }
            assertTrue(worst < 1e-4, "statistics depend on where they started: " + worst);
            assertArrayEquals(weights, a.weights());
        }
    }

    @Test
    void nonFiniteLossTakesNoStep() {
        try (Dl4jSession s = adamw()) {
            Batch b = Dl4jTestNets.batch(0);
            float[] nan = b.features().clone();
            nan[0] = Float.NaN;
            float[] before = s.weights();
            double loss = s.trainBatch(new Batch(nan, b.labels(), b.size(), 3, Dl4jTestNets.SIDE, Dl4jTestNets.SIDE),
                    StepPlan.constant(0.01, 0)).loss();
            assertTrue(Double.isNaN(loss));
            assertArrayEquals(before, s.weights());
        }
    }
}
