package io.sparkhpo.executors.train.djl;

import io.sparkhpo.executors.data.Batch;
import io.sparkhpo.executors.data.Batches;
import io.sparkhpo.executors.data.Dataset;
import io.sparkhpo.executors.data.Normalization;
import io.sparkhpo.executors.model.ModelSpec;
import io.sparkhpo.executors.model.ResNet18;
import io.sparkhpo.executors.optim.AdamSpec;
import io.sparkhpo.executors.optim.FloatOptimizer;
import io.sparkhpo.executors.optim.OptimizerSpec;
import io.sparkhpo.executors.optim.OptimizerSpecs;
import io.sparkhpo.executors.optim.StepPlan;
import io.sparkhpo.executors.optim.WeightDecay;
import io.sparkhpo.executors.optim.WeightDecayMode;
import io.sparkhpo.executors.train.Clipping;
import io.sparkhpo.executors.train.TrialSpec;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DjlSessionTest {

    static DjlSession adamw(long seed) {
        return DjlTestNets.session(AdamSpec.of(0.01, WeightDecay.of(0.05, WeightDecayMode.DECOUPLED_LR)), Clipping.NONE, seed);
    }

    /** The CIFAR ResNet-18's 11,173,962 trainable parameters at width 64, as in PyTorch. */
    @Test
    void parameterCountAtWidth64() {
        TrialSpec spec = TrialSpec.basic("t", 0, DjlEngine.NAME, new io.sparkhpo.executors.data.DataSpec("cifar10", "/", 1, 1,
                0, false, false), new ModelSpec("resnet18", 64), AdamSpec.of(1e-3, WeightDecay.none(WeightDecayMode.L2)), 1, 1, 0);
        Dataset cifar = new Dataset("c", 3, 32, 32, 10, new byte[3 * 32 * 32], new byte[1]);
        try (DjlSession s = (DjlSession) new DjlEngine().open(spec, cifar)) {
            assertEquals(11_173_962L, s.trainableParameters());
            assertEquals(ResNet18.trainableParameters(64, 3, 10), s.trainableParameters());
        }
    }

    @Test
    void sameSeedSameInitialization() {
        try (DjlSession a = adamw(5); DjlSession b = adamw(5); DjlSession c = adamw(6)) {
            assertArrayEquals(a.weights(), b.weights());
            assertFalse(Arrays.equals(a.weights(), c.weights()));
        }
    }

    /**
     * Every optimizer and decay mode through libtorch follows the float64 reference on libtorch's own gradients:
     * at each step the reference takes the very gradient the session then steps with (so that the comparison
     * measures the update, not the chaos of gradients at slightly different weights, nor libtorch's CPU kernels
     * giving different last bits on a second pass, which Adam's normalization turns into a whole step for an element
     * whose gradient is near zero).
     */
    @TestFactory
    List<DynamicTest> djlFollowsThePureFunction() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : List.of("sgd", "adagrad", "rmsprop", "adam", "amsgrad", "nadam", "adamax", "radam", "qhadam")) {
            for (WeightDecayMode mode : WeightDecayMode.values()) {
                tests.add(DynamicTest.dynamicTest(name + " " + mode.configName(), () -> trajectory(name, mode)));
            }
        }
        return tests;
    }

    static void trajectory(String name, WeightDecayMode mode) {
        double lambda = mode == WeightDecayMode.DECOUPLED ? 0.01 : 0.1;
        double lr = name.equals("sgd") ? 0.05 : 0.01;
        Map<String, Object> params = name.equals("sgd") ? Map.of("momentum", 0.9) : Map.of();
        OptimizerSpec spec = OptimizerSpecs.create(name, lr, params, WeightDecay.of(lambda, mode));
        try (DjlSession session = DjlTestNets.session(spec, Clipping.NONE, 3)) {
            float[] theta = session.weights();
            FloatOptimizer reference = new FloatOptimizer(spec, theta.length);
            for (int t = 0; t < 5; t++) {
                Batch b = DjlTestNets.batch(t);
                StepPlan plan = StepPlan.constant(lr, lambda);
                reference.step(theta, session.gradient(b), plan);
                session.updateOnly(plan);
            }
            float[] got = session.weights();
            double worst = 0;
            int at = 0;
            for (int i = 0; i < theta.length; i++) {
                double d = Math.abs(got[i] - theta[i]) / Math.max(Math.abs(theta[i]), 1e-2);
                if (d > worst) {
                    worst = d;
                    at = i;
                }
            }
            assertTrue(worst <= 1e-5, name + " " + mode + ": worst relative difference " + worst + " at element " + at
                    + " of " + theta.length + " (libtorch " + got[at] + ", reference " + theta[at] + ")");
        }
    }

    /** Decoupled decay is applied once, to every trainable parameter (BatchNorm γ and β included). */
    @Test
    void decoupledDecayIsAppliedOnce() {
        double lr = 0.01;
        double wd = 0.1;
        try (DjlSession plain = DjlTestNets.session(AdamSpec.of(lr, WeightDecay.none(WeightDecayMode.DECOUPLED_LR)),
                Clipping.NONE, 4);
             DjlSession decayed = DjlTestNets.session(AdamSpec.of(lr, WeightDecay.of(wd, WeightDecayMode.DECOUPLED_LR)),
                     Clipping.NONE, 4)) {
            float[] theta0 = plain.weights();
            plain.trainBatch(DjlTestNets.batch(0), StepPlan.constant(lr, 0));
            decayed.trainBatch(DjlTestNets.batch(0), StepPlan.constant(lr, wd));
            float[] a = plain.weights();
            float[] d = decayed.weights();
            for (int i = 0; i < theta0.length; i++) {
                double expected = -lr * wd * theta0[i];
                assertTrue(Math.abs((d[i] - a[i]) - expected) <= 1e-6 + 1e-3 * Math.abs(expected), "element " + i);
            }
        }
    }

    @Test
    void checkpointRestoresTrainingExactly() throws Exception {
        StepPlan plan = StepPlan.constant(0.01, 0.05);
        try (DjlSession straight = adamw(1); DjlSession resumed = adamw(2)) {
            for (int k = 0; k < 3; k++) {
                straight.trainBatch(DjlTestNets.batch(k), plan);
            }
            ByteArrayOutputStream ckpt = new ByteArrayOutputStream();
            straight.checkpoint(ckpt);
            resumed.restore(new ByteArrayInputStream(ckpt.toByteArray()));
            assertArrayEquals(straight.weights(), resumed.weights());
            for (int k = 3; k < 6; k++) {
                straight.trainBatch(DjlTestNets.batch(k), plan);
                resumed.trainBatch(DjlTestNets.batch(k), plan);
            }
            assertArrayEquals(straight.weights(), resumed.weights(), "moments, step count and BatchNorm statistics came back");
        }
    }

    @Test
    void batchNormRecomputationForgetsOldStatisticsAndKeepsWeights() {
        Random rng = new Random(3);
        byte[] px = new byte[40 * 3 * DjlTestNets.SIDE * DjlTestNets.SIDE];
        rng.nextBytes(px);
        Dataset data = new Dataset("r", 3, DjlTestNets.SIDE, DjlTestNets.SIDE, 10, px, new byte[40]);
        Batches batches = Batches.training(data, DjlTestNets.BATCH, Normalization.of(data), false, 0, 1);
        try (DjlSession a = adamw(7); DjlSession b = adamw(7)) {
            for (int k = 0; k < 4; k++) {
                b.trainBatch(DjlTestNets.batch(k), StepPlan.constant(0.01, 0.05));
            }
            b.setWeights(a.weights());
            float[] weights = a.weights();
            a.recomputeBatchNorm(batches, 0);
            b.recomputeBatchNorm(batches, 0);
            double ea = a.evaluate(Batches.evaluation(data, 8, Normalization.of(data))).meanLoss();
            double eb = b.evaluate(Batches.evaluation(data, 8, Normalization.of(data))).meanLoss();
            assertEquals(ea, eb, 1e-4 * Math.abs(ea), "statistics no longer depend on where they started");
            assertArrayEquals(weights, a.weights());
        }
    }

    /** A task's GPU address picks the session's device; no GPU means the CPU; a GPU libtorch does not see is an error. */
    @Test
    void theTasksGpuIsTheSessionsDevice() throws InterruptedException {
        ai.djl.Device cpu = ai.djl.Device.cpu();
        assertEquals(ai.djl.Device.gpu(1), DjlSession.device(java.util.OptionalInt.of(1), 2));
        assertEquals(ai.djl.Device.gpu(0), DjlSession.device(java.util.OptionalInt.of(0), 4));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> DjlSession.device(java.util.OptionalInt.of(1), 1), "GPU 1 is not visible: no fall-back to the CPU");
        assertTrue(e.getMessage().contains("sees 1 GPU"), e.getMessage());
        assertEquals(cpu, DjlSession.device(java.util.OptionalInt.empty(), 2), "no GPU given: the CPU, not GPU 0");
        io.sparkhpo.executors.train.GpuAssignment.set(3);
        try {
            assertEquals(java.util.OptionalInt.of(3), io.sparkhpo.executors.train.GpuAssignment.current());
            java.util.concurrent.atomic.AtomicReference<java.util.OptionalInt> seen = new java.util.concurrent.atomic.AtomicReference<>();
            Thread other = new Thread(() -> seen.set(io.sparkhpo.executors.train.GpuAssignment.current()));
            other.start();
            other.join();
            assertTrue(seen.get().isEmpty(), "another task thread has no GPU from this one");
        } finally {
            io.sparkhpo.executors.train.GpuAssignment.clear();
        }
        assertTrue(io.sparkhpo.executors.train.GpuAssignment.current().isEmpty());
    }
}
