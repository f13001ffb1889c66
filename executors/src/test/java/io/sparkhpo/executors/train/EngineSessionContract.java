package io.sparkhpo.executors.train;

import io.sparkhpo.executors.data.Batch;
import io.sparkhpo.executors.data.Batches;
import io.sparkhpo.executors.data.DataSpec;
import io.sparkhpo.executors.data.Dataset;
import io.sparkhpo.executors.data.FashionMnist;
import io.sparkhpo.executors.data.Normalization;
import io.sparkhpo.executors.data.TestData;
import io.sparkhpo.executors.model.ModelSpec;
import io.sparkhpo.executors.optim.OptimizerSpec;
import io.sparkhpo.executors.optim.OptimizerSpecs;
import io.sparkhpo.executors.optim.StepPlan;
import io.sparkhpo.executors.optim.WeightDecay;
import io.sparkhpo.executors.optim.WeightDecayMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every training engine's session promises, extended once per engine (as {@code SamplerContract} is for the
 * samplers): the same checks, on the same small network and batches, for DL4J and libtorch alike. This class holds the
 * session's life: the network's size, initialization from the seed, weights in and out, decoupled decay, a non-finite
 * loss, checkpoints (also through SAM), evaluation, SWA's BatchNorm recomputation, the traffic of a step and of an
 * evaluation, and the task's GPU. The update against the pure functions (every rule and decay mode, SAM and ASAM), the
 * test network and the hooks it shares with these checks are in {@link EngineTrajectoryContract}, which this extends:
 * an engine's one subclass passes both.
 *
 * <p>A subclass gives only what differs between engines: besides {@link EngineTrajectoryContract}'s hooks, the host
 * computation of log-probabilities and the bytes of a label.
 *
 * @param <S> the engine's session class
 */
public abstract class EngineSessionContract<S extends TrainingSession> extends EngineTrajectoryContract<S> {

    /** Log-probabilities of {@code b} in inference mode, {@code b.size() x CLASSES}, computed outside the session's evaluation. */
    protected abstract double[] logProbabilities(S s, Batch b);

    /** The bytes of one label as the engine takes it (int32 or int64 class indices). */
    protected abstract int labelBytes();

    private S adamw(long seed) {
        return open(OptimizerSpecs.create("adam", 0.01, Map.of(), WeightDecay.of(0.05, WeightDecayMode.DECOUPLED_LR)), Clipping.NONE, seed);
    }

    // ---- the network

    /** The CIFAR ResNet-18's 11,173,962 trainable parameters at width 64, as in PyTorch. */
    @Test
    void parameterCountAtWidth64() {
        TrainingEngine engine = engine();
        TrialSpec spec = TrialSpec.basic("t", 0, engine.name(), new DataSpec("cifar10", "/", 1, 1, 0, false, false),
                ModelSpec.resnet18(64), OptimizerSpecs.create("adam", 1e-3, Map.of(), WeightDecay.none(WeightDecayMode.L2)), 1, 1, 0);
        Dataset cifar = new Dataset("c", 3, 32, 32, 10, new byte[3 * 32 * 32], new byte[1]);
        try (TrainingSession s = engine.open(spec, cifar)) {
            assertEquals(11_173_962L, s.trainableParameters());
            assertEquals(io.sparkhpo.executors.model.Architectures.resnet18(64, new io.sparkhpo.executors.model.Network.Shape(3, 32, 32), 10).parameters(), s.trainableParameters());
        }
    }

    /** Fashion-MNIST-shaped input (1x28x28: 28 → 28, 14, 7, 4): the count for one channel, and a step trains. */
    @Test
    void opensForGreyscale28() {
        TrainingEngine engine = engine();
        TrialSpec spec = TrialSpec.basic("t", 0, engine.name(), new DataSpec(FashionMnist.NAME, "/", 1, 1, 0, false,
                false), ModelSpec.resnet18(4), OptimizerSpecs.create("adam", 1e-3, Map.of(), WeightDecay.none(WeightDecayMode.L2)), 1, 3, 0);
        Dataset fashion = new Dataset("f", 1, 28, 28, 10, new byte[28 * 28], new byte[1]);
        try (TrainingSession s = engine.open(spec, fashion)) {
            assertEquals(io.sparkhpo.executors.model.Architectures.resnet18(4, new io.sparkhpo.executors.model.Network.Shape(1, 32, 32), 10).parameters(), s.trainableParameters());
            Random rng = new Random(1);
            float[] x = new float[3 * 28 * 28];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rng.nextGaussian();
            }
            float[] before = s.weights();
            BatchResult r = s.trainBatch(new Batch(x, new int[]{0, 1, 2}, 3, 1, 28, 28), StepPlan.constant(1e-3, 0));
            assertTrue(Double.isFinite(r.loss()) && r.wrong() >= 0 && r.wrong() <= 3, name() + ": " + r);
            assertFalse(Arrays.equals(before, s.weights()));
            assertFinite(s.weights(), "the weights after a step");
        }
    }

    /** Every registered network, small where it has a size: the contract trains each. */
    public static java.util.stream.Stream<ModelSpec> everyModel() {
        return io.sparkhpo.executors.model.Models.REGISTRY.entries().stream().filter(t -> t.describe().isPresent())
                .map(io.sparkhpo.executors.model.ModelType::name).flatMap(n -> switch (n) {
            case "resnet18" -> java.util.stream.Stream.of(ModelSpec.resnet18(2));
            case "resnet20" -> java.util.stream.Stream.of(new ModelSpec(n, Map.of("shortcut", "A")),
                    new ModelSpec(n, Map.of("shortcut", "B")));
            case "wrn" -> java.util.stream.Stream.of(new ModelSpec(n, Map.of("depth", 10L, "widen", 1L)));
            case "mlp" -> java.util.stream.Stream.of(new ModelSpec(n, Map.of("hidden", java.util.List.of(16L))));
            default -> java.util.stream.Stream.of(new ModelSpec(n, Map.of()));
        });
    }

    /** Each registered network opens with its described parameter count, and two steps train it. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("everyModel")
    void everyRegisteredModelTrains(ModelSpec model) {
        TrainingEngine engine = engine();
        TrialSpec spec = TrialSpec.basic("t", 0, engine.name(), new DataSpec("cifar10", "/", BATCH, BATCH, 0, false, false),
                model, OptimizerSpecs.create("adam", 1e-3, Map.of(), WeightDecay.none(WeightDecayMode.L2)), 1, BATCH, 0);
        try (TrainingSession s = engine.open(spec, SHAPE)) {
            assertEquals(model.network(new io.sparkhpo.executors.model.Network.Shape(3, SIDE, SIDE), CLASSES).parameters(),
                    s.trainableParameters(), model.label());
            float[] before = s.weights();
            for (int k = 0; k < 2; k++) {
                BatchResult r = s.trainBatch(batch(k), StepPlan.constant(1e-3, 0));
                assertTrue(Double.isFinite(r.loss()) && r.wrong() >= 0 && r.wrong() <= BATCH, model.label() + ": " + r);
            }
            assertFalse(Arrays.equals(before, s.weights()), model.label() + " did not move");
            assertFinite(s.weights(), model.label() + "'s weights after two steps");
        }
    }

    @Test
    void sameSeedSameInitialization() {
        try (S a = adamw(5); S b = adamw(5); S c = adamw(6)) {
            assertArrayEquals(a.weights(), b.weights());
            assertFalse(Arrays.equals(a.weights(), c.weights()), "another seed, other weights");
            assertArrayEquals(statistics(a), statistics(b));
        }
    }

    @Test
    void weightsRoundTripAndLeaveStatisticsAlone() {
        try (S s = adamw(7)) {
            float[] w = s.weights();
            assertEquals(s.trainableParameters(), w.length);
            float[] changed = w.clone();
            Arrays.fill(changed, 0.25f);
            float[] statisticsBefore = statistics(s);
            s.setWeights(changed);
            assertArrayEquals(changed, s.weights());
            assertArrayEquals(statisticsBefore, statistics(s));
        }
    }

    // ---- the step

    /** A non-finite loss takes no step: the loss comes back, the weights and the optimizer's state stay. */
    @Test
    void nonFiniteLossTakesNoStep() {
        try (S s = adamw(7); S fresh = adamw(7)) {
            Batch b = batch(0);
            float[] nan = b.features().clone();
            nan[0] = Float.NaN;
            float[] before = s.weights();
            double loss = s.trainBatch(new Batch(nan, b.labels(), b.size(), 3, SIDE, SIDE), StepPlan.constant(0.01, 0))
                    .loss();
            assertTrue(Double.isNaN(loss), name() + ": " + loss);
            assertArrayEquals(before, s.weights());
            s.trainBatch(batch(1), StepPlan.constant(0.01, 0.05));
            fresh.trainBatch(batch(1), StepPlan.constant(0.01, 0.05));
            assertFinite(fresh.weights(), "the weights after a step");
            assertArrayEquals(fresh.weights(), s.weights(), "the next step is a first step: no moments, no step count");
        }
    }

    static final double LR = 0.01;
    static final double WD = 0.1;
    static final double ETA = 0.5;

    /**
     * Decoupled decay is applied once, to every trainable parameter (BatchNorm's γ and β included), never to the
     * running statistics. (DL4J's own network-wide {@code WeightDecay} is applied twice, docs/architecture.md; this
     * guards the path that replaces it.) One Adam step from the same start on the same batch: the first step's Adam
     * update does not depend on the weights, so the whole effect of a decoupled decay is θ_decayed − θ_plain = −k·θ₀,
     * with k = η·λ (decoupled) or lr·λ (decoupled_lr), lr = α·η.
     */
    @ParameterizedTest
    @EnumSource(value = WeightDecayMode.class, names = {"DECOUPLED", "DECOUPLED_LR"})
    void decoupledDecayIsAppliedOnce(WeightDecayMode mode) {
        try (S plain = open(OptimizerSpecs.create("adam", LR, Map.of(), WeightDecay.none(mode)), Clipping.NONE, 4);
             S decayed = open(OptimizerSpecs.create("adam", LR, Map.of(), WeightDecay.of(WD, mode)), Clipping.NONE, 4)) {
            float[] theta0 = plain.weights();
            float[] before = statistics(plain);
            plain.trainBatch(batch(0), new StepPlan(LR * ETA, ETA, 0, OptionalDouble.empty()));
            decayed.trainBatch(batch(0), new StepPlan(LR * ETA, ETA, WD, OptionalDouble.empty()));
            double k = mode == WeightDecayMode.DECOUPLED ? ETA * WD : LR * ETA * WD;
            float[] a = plain.weights();
            float[] d = decayed.weights();
            int decayedCount = 0;
            for (int i = 0; i < theta0.length; i++) {
                double expected = -k * theta0[i];
                assertTrue(Math.abs((d[i] - a[i]) - expected) <= 1e-6 + 1e-3 * Math.abs(expected), name() + " element "
                        + i + ": decay " + (d[i] - a[i]) + ", expected " + expected);
                if (Math.abs(expected) > 1e-6) {
                    decayedCount++;
                }
            }
            assertTrue(decayedCount > theta0.length / 2, "most elements decayed: " + decayedCount + " of " + theta0.length);
            // BatchNorm gammas (initialized to 1) decay like any weight: their decay is exactly -k
            assertTrue(IntStream.range(0, theta0.length).filter(i -> theta0[i] == 1f).count() > 0, "gammas found");
            assertTrue(IntStream.range(0, theta0.length).filter(i -> theta0[i] == 1f)
                    .allMatch(i -> Math.abs((d[i] - a[i]) + k) <= 1e-6 + 1e-3 * k), "gammas decay by k");
            // running statistics: updated by the step, identical with and without decay
            assertTrue(before.length > 0);
            assertArrayEquals(statistics(plain), statistics(decayed), "decay must not touch running statistics");
            assertFalse(Arrays.equals(before, statistics(plain)), "the step updates running statistics");
        }
    }

    // ---- checkpoints

    /**
     * A checkpoint holds weights, BatchNorm statistics, the optimizer's moments and step count: a session of another
     * seed restored from it has the same bits, and trains on exactly as the uninterrupted one does.
     */
    @Test
    void checkpointRestoresTrainingExactly() throws Exception {
        resumesExactly(OptimizerSpecs.create("adam", 0.01, Map.of(), WeightDecay.of(0.05, WeightDecayMode.DECOUPLED_LR)), StepPlan.constant(0.01, 0.05));
    }

    /**
     * Three steps of {@code spec} in one session, a checkpoint restored into a session of another seed: the same
     * bits at once, and the same bits after three more steps in each.
     */
    private void resumesExactly(OptimizerSpec spec, StepPlan plan) throws IOException {
        try (S straight = open(spec, Clipping.NONE, 1); S resumed = open(spec, Clipping.NONE, 2)) {
            for (int k = 0; k < 3; k++) {
                straight.trainBatch(batch(k), plan);
            }
            assertFalse(Arrays.equals(straight.weights(), resumed.weights()));
            resumed.restore(new ByteArrayInputStream(checkpoint(straight)));
            assertArrayEquals(straight.weights(), resumed.weights());
            assertArrayEquals(statistics(straight), statistics(resumed));
            for (int k = 3; k < 6; k++) {
                straight.trainBatch(batch(k), plan);
                resumed.trainBatch(batch(k), plan);
            }
            assertFinite(straight.weights(), "the weights after six steps");
            assertArrayEquals(straight.weights(), resumed.weights(), name() + " " + spec.label()
                    + ": moments and step count came back");
            assertArrayEquals(statistics(straight), statistics(resumed), name() + " " + spec.label()
                    + ": BatchNorm statistics came back");
        }
    }

    /**
     * Training cut into segments [0, 2), [2, 4), [4, 6), each in a fresh session restored from the previous
     * segment's checkpoint (as on another executor), trains exactly what one session trains (AMSGrad: three state
     * arrays). {@code TrialRunnerTest} checks the same through the runner, with schedules and SWA.
     */
    @Test
    void segmentsThroughCheckpointsEqualOneRun() throws Exception {
        OptimizerSpec amsgrad = OptimizerSpecs.create("amsgrad", 0.01, Map.of(), WeightDecay.of(0.01, WeightDecayMode.L2));
        StepPlan plan = StepPlan.constant(0.01, 0.01);
        try (S straight = open(amsgrad, Clipping.NONE, 1)) {
            byte[] ckpt = null;
            for (int segment = 0; segment < 3; segment++) {
                try (S s = open(amsgrad, Clipping.NONE, 1 + segment)) {
                    if (ckpt != null) {
                        s.restore(new ByteArrayInputStream(ckpt));
                    }
                    for (int k = 2 * segment; k < 2 * segment + 2; k++) {
                        straight.trainBatch(batch(k), plan);
                        s.trainBatch(batch(k), plan);
                    }
                    assertFinite(straight.weights(), "the weights after segment " + segment);
                    assertArrayEquals(straight.weights(), s.weights(), name() + ": segment " + segment);
                    assertArrayEquals(statistics(straight), statistics(s), name() + ": segment " + segment);
                    ckpt = checkpoint(s);
                }
            }
        }
    }

    private static byte[] checkpoint(TrainingSession s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.checkpoint(out);
        return out.toByteArray();
    }

    // ---- SAM

    @Test
    void checkpointResumesASamTrialExactly() throws Exception {
        resumesExactly(samAdamW(0.5, true), StepPlan.constant(0.01, 0.05));
    }

    // ---- evaluation and BatchNorm recomputation

    /** Evaluation sums the loss and the errors in the engine: the same figures as a host computation. */
    @Test
    void evaluationOnTheDeviceEqualsTheHostComputation() {
        Dataset data = TestData.randomImages(20, SIDE, 3);
        Batches batches = Batches.evaluation(data, 8, Normalization.of(data));
        try (S s = open(OptimizerSpecs.create("adam", 1e-2, Map.of(), WeightDecay.none(WeightDecayMode.L2)),
                Clipping.NONE, 3)) {
            for (int k = 0; k < 3; k++) {
                s.trainBatch(batch(k), StepPlan.constant(1e-2, 0));
            }
            double lossSum = 0;
            long wrong = 0;
            for (int i = 0; i < batches.count(); i++) {
                Batch b = batches.get(0, i);
                double[] lp = logProbabilities(s, b);
                int[] y = b.labels();
                for (int r = 0; r < y.length; r++) {
                    int best = 0;
                    for (int c = 1; c < CLASSES; c++) {
                        best = lp[r * CLASSES + c] > lp[r * CLASSES + best] ? c : best;
                    }
                    wrong += best == y[r] ? 0 : 1;
                    lossSum -= lp[r * CLASSES + y[r]];
                }
            }
            Evaluation e = s.evaluate(batches);
            assertEquals(20, e.examples());
            assertEquals(wrong / 20.0, e.errorRate(), 1e-12);
            assertEquals(lossSum / 20, e.meanLoss(), 1e-5 * Math.abs(lossSum / 20));
            TrafficCheck.evaluationMovesOnlyItsBatches(s, batches, labelBytes());
        }
    }

    /**
     * SWA's BatchNorm recomputation is a cumulative average over the batches: it forgets the running statistics it
     * starts from (the statistics, and so the evaluation, no longer depend on them), and leaves every weight unchanged.
     */
    @Test
    void batchNormRecomputationForgetsOldStatisticsAndKeepsWeights() {
        Random rng = new Random(3);
        byte[] px = new byte[40 * 3 * SIDE * SIDE];
        rng.nextBytes(px);
        Dataset data = new Dataset("r", 3, SIDE, SIDE, CLASSES, px, new byte[40]);
        Batches batches = Batches.training(data, BATCH, Normalization.of(data), false, 0, 1);
        try (S a = adamw(7); S b = adamw(7)) {
            for (int k = 0; k < 4; k++) {
                b.trainBatch(batch(k), StepPlan.constant(0.01, 0.05)); // b's statistics drift
            }
            b.setWeights(a.weights());
            float[] weights = a.weights();
            a.recomputeBatchNorm(batches, 0);
            b.recomputeBatchNorm(batches, 0);
            float[] sa = statistics(a);
            float[] sb = statistics(b);
            double worst = 0;
            for (int i = 0; i < sa.length; i++) {
                worst = Math.max(worst, Math.abs(sa[i] - sb[i]) / Math.max(1e-3, Math.abs(sa[i])));
            }
            assertTrue(worst < 1e-4, name() + ": statistics depend on where they started: " + worst);
            double ea = a.evaluate(Batches.evaluation(data, 8, Normalization.of(data))).meanLoss();
            double eb = b.evaluate(Batches.evaluation(data, 8, Normalization.of(data))).meanLoss();
            assertEquals(ea, eb, 1e-4 * Math.abs(ea), "the evaluation no longer depends on where they started");
            assertArrayEquals(weights, a.weights());
        }
    }

    // ---- traffic and the task's GPU

    /**
     * A step moves its batch, its labels and a few scalars; the optimizer state stays in the engine. AMSGrad keeps
     * the most state (three arrays); both clipping bounds add their reductions.
     */
    @Test
    void aStepMovesItsBatchAndAFewScalars() {
        for (String optimizer : new String[]{"amsgrad", "qhadam"}) {
            try (S s = open(OptimizerSpecs.create(optimizer, 1e-3, Map.of("nu1", 0.7), WeightDecay.of(1e-2,
                    WeightDecayMode.L2)), new Clipping(1.0, 0.5), 3)) {
                TrafficCheck.stepMovesOnlyItsBatch(s, EngineTrajectoryContract::batch, labelBytes());
            }
        }
    }

    /** The engine binds the GPU a task was given to the task's thread only; none clears it. */
    @Test
    void theTasksGpuIsBoundToItsThreadOnly() throws InterruptedException {
        TrainingEngine engine = engine();
        engine.bindGpu(OptionalInt.of(0));
        try {
            assertEquals(OptionalInt.of(0), GpuAssignment.current());
            AtomicReference<OptionalInt> seen = new AtomicReference<>();
            Thread other = new Thread(() -> seen.set(GpuAssignment.current()));
            other.start();
            other.join();
            assertTrue(seen.get().isEmpty(), "another task thread has no GPU from this one");
        } finally {
            engine.bindGpu(OptionalInt.empty());
        }
        assertTrue(GpuAssignment.current().isEmpty());
    }
}
