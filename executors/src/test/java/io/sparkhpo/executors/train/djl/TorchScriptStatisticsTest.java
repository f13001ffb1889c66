package io.sparkhpo.executors.train.djl;

import io.sparkhpo.executors.data.Batch;
import io.sparkhpo.executors.data.Batches;
import io.sparkhpo.executors.data.DataSpec;
import io.sparkhpo.executors.data.Dataset;
import io.sparkhpo.executors.data.ImageFolder;
import io.sparkhpo.executors.data.Normalization;
import io.sparkhpo.executors.model.ModelSpec;
import io.sparkhpo.executors.optim.OptimizerSpec;
import io.sparkhpo.executors.optim.OptimizerSpecs;
import io.sparkhpo.executors.optim.SamSpec;
import io.sparkhpo.executors.optim.StepPlan;
import io.sparkhpo.executors.optim.WeightDecay;
import io.sparkhpo.executors.optim.WeightDecayMode;
import io.sparkhpo.executors.schedule.ScheduleSpec;
import io.sparkhpo.executors.train.Clipping;
import io.sparkhpo.executors.train.TrialSpec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A TorchScript module's BatchNorm running statistics are reached as a built-in network's are
 * ({@link TorchScriptArchive}): listed apart from the trainable parameters, kept across SAM's second pass, and
 * recomputed by SWA with the module's own momentum. The module is tools/golden/torchscript.py's net.pt (two
 * BatchNorm layers of 6 and 8 channels, PyTorch's default momentum 0.1).
 */
class TorchScriptStatisticsTest {

    private static final int SIDE = 16;
    private static final int BATCH = 8;

    @Test
    void theArchivesCodeDeclaresTheRunningStatisticsAsParameters() throws IOException {
        String code = String.join("\n",
                "class BatchNorm2d(Module):",
                "  __parameters__ = [\"weight\", \"bias\", ]",
                "  __buffers__ = [\"running_mean\", \"running_var\", \"num_batches_tracked\", ]",
                "  weight : Tensor",
                "class Plain(Module):",
                "  __parameters__ = []",
                "  __buffers__ = [\"mask\", ]",
                "class NoAffine(Module):",
                "  __parameters__ = []",
                "  __buffers__ = [\"running_mean\", \"running_var\", ]",
                "");
        String out = TorchScriptArchive.declareStatisticsAsParameters(code);
        assertEquals(String.join("\n",
                "class BatchNorm2d(Module):",
                "  __parameters__ = [\"weight\", \"bias\", \"running_mean\", \"running_var\", ]",
                "  __buffers__ = [\"num_batches_tracked\", ]",
                "  weight : Tensor",
                "class Plain(Module):",
                "  __parameters__ = []",
                "  __buffers__ = [\"mask\", ]",
                "class NoAffine(Module):",
                "  __parameters__ = [\"running_mean\", \"running_var\", ]",
                "  __buffers__ = []",
                ""), out);
        assertTrue(TorchScriptArchive.isStatistic("layer1.0.bn1.running_var"));
        assertTrue(!TorchScriptArchive.isStatistic("layer1.0.bn1.weight") && !TorchScriptArchive.isStatistic("my_running_mean"));
    }

    @Test
    void theModulesRunningStatisticsAreListedApartFromItsParameters() throws URISyntaxException {
        try (DjlSession s = open(sgd())) {
            float[] expected = new float[2 * (6 + 8)];
            Arrays.fill(expected, 6, 12, 1f); // bn1: mean 0, variance 1
            Arrays.fill(expected, 20, 28, 1f); // bn2
            assertArrayEquals(expected, s.statistics());
            assertEquals(3 * 6 * 9 + 2 * 6 + 6 * 8 * 9 + 2 * 8 + 8 * 3 + 3, s.weights().length, "trainable parameters only");
            s.trainBatch(batch(0), StepPlan.constant(0.05, 0));
            assertTrue(worstRelative(s.statistics(), expected) > 1e-3, "a training step moves them");
        }
    }

    /** As EngineTrajectoryContract's test of the built-in network: one SAM step leaves them where its base's step does. */
    @Test
    void samsSecondPassLeavesTheStatisticsOfTheFirst() throws URISyntaxException {
        SamSpec sam = new SamSpec(sgd(), 0.5, false);
        try (DjlSession a = open(sam); DjlSession b = open(sgd())) {
            a.trainBatch(batch(0), StepPlan.constant(0.05, 0));
            b.trainBatch(batch(0), StepPlan.constant(0.05, 0));
            assertArrayEquals(b.statistics(), a.statistics(), 1e-6f);
            assertTrue(worstRelative(a.weights(), b.weights()) > 1e-4, "SAM stepped with g', not g");
        }
    }

    /** SWA's recompute forgets where the statistics started: only the module's own momentum makes that so. */
    @Test
    void swasRecomputeForgetsTheStatisticsItStartsFrom() throws URISyntaxException {
        Random rng = new Random(3);
        byte[] px = new byte[24 * 3 * SIDE * SIDE];
        rng.nextBytes(px);
        Dataset data = new Dataset("r", 3, SIDE, SIDE, 3, px, new byte[24]);
        Batches batches = Batches.training(data, BATCH, Normalization.of(data), false, 0, 1);
        try (DjlSession a = open(sgd()); DjlSession b = open(sgd())) {
            for (int k = 0; k < 3; k++) {
                b.trainBatch(batch(k), StepPlan.constant(0.05, 0)); // b's statistics drift
            }
            b.setWeights(a.weights());
            float[] weights = a.weights();
            a.recomputeBatchNorm(batches, 0);
            b.recomputeBatchNorm(batches, 0);
            float[] sa = a.statistics();
            float[] sb = b.statistics();
            assertTrue(worstRelative(sa, sb) < 1e-4, "statistics depend on where they started: " + worstRelative(sa, sb));
            assertArrayEquals(weights, a.weights());
        }
    }

    private static double worstRelative(float[] x, float[] y) {
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            worst = Math.max(worst, Math.abs(x[i] - y[i]) / Math.max(1e-3, Math.abs(x[i])));
        }
        return worst;
    }

    private static OptimizerSpec sgd() {
        return OptimizerSpecs.create("sgd", 0.05, Map.of("momentum", 0.9), WeightDecay.none(WeightDecayMode.L2));
    }

    private static DjlSession open(OptimizerSpec optimizer) throws URISyntaxException {
        Path fixture = Path.of(TorchScriptStatisticsTest.class.getResource("/golden/torchscript").toURI());
        Map<String, Object> settings = Map.of("image_size", (long) SIDE);
        TrialSpec spec = new TrialSpec("t", 0, "djl", new DataSpec(ImageFolder.NAME, fixture.resolve("shapes").toString(),
                BATCH, BATCH, 0, false, false, settings), new ModelSpec("torchscript",
                Map.of("file", fixture.resolve("net.pt").toString())), optimizer, ScheduleSpec.CONSTANT, Clipping.NONE,
                null, 1, BATCH, 7);
        return (DjlSession) new DjlEngine().open(spec, new Dataset("shape", 3, SIDE, SIDE, 3, new byte[3 * SIDE * SIDE],
                new byte[1]));
    }

    private static Batch batch(int k) {
        return io.sparkhpo.executors.train.EngineTrajectoryContract.batch(k, BATCH, SIDE, 3);
    }
}
