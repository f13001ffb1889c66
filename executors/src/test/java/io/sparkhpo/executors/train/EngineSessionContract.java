package io.sparkhpo.executors.train;

import io.sparkhpo.executors.data.Batch;
import io.sparkhpo.executors.data.Batches;
import io.sparkhpo.executors.data.DataSpec;
import io.sparkhpo.executors.data.Dataset;
import io.sparkhpo.executors.data.FashionMnist;
import io.sparkhpo.executors.data.Normalization;
import io.sparkhpo.executors.data.TestData;
import io.sparkhpo.executors.model.ModelSpec;
import io.sparkhpo.executors.model.ResNet18;
import io.sparkhpo.executors.optim.AdamSpec;
import io.sparkhpo.executors.optim.FloatOptimizer;
import io.sparkhpo.executors.optim.OptimizerSpec;
import io.sparkhpo.executors.optim.OptimizerSpecs;
import io.sparkhpo.executors.optim.Sam;
import io.sparkhpo.executors.optim.SamSpec;
import io.sparkhpo.executors.optim.StepPlan;
import io.sparkhpo.executors.optim.WeightDecay;
import io.sparkhpo.executors.optim.WeightDecayMode;
import io.sparkhpo.executors.schedule.ScheduleSpec;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static io.sparkhpo.executors.train.Trajectories.worstRelative;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every training engine's session promises, extended once per engine (as {@code SamplerContract} is for the
 * samplers): the same checks, on the same small network and batches, for DL4J and libtorch alike. A subclass gives
 * only what differs between engines: the {@link #engine()}, how to read a session's BatchNorm statistics, a
 * {@link GradientProbe} for the pure-function references, the host computation of log-probabilities, the bytes of a
 * label, and (with a comment saying why) a tolerance where its arithmetic truly differs.
 *
 * <p>The network is a tiny ResNet (width {@value #WIDTH}, 3x{@value #SIDE}x{@value #SIDE} inputs, batches of
 * {@value #BATCH}). Smaller inputs or batches leave the last stage's BatchNorm normalizing a handful of values, which
 * amplifies float32 round-off chaotically from step to step (at 8x8 with 4 images: 1e-6 after one step, 1e-3 after
 * three).
 *
 * @param <S> the engine's session class
 */
public abstract class EngineSessionContract<S extends TrainingSession> {

    public static final int WIDTH = 2;
    public static final int SIDE = 16;
    public static final int BATCH = 8;
    public static final int CLASSES = 10;
    /** Only its shape is used: what a session is opened for. */
    public static final Dataset SHAPE = new Dataset("shape", 3, SIDE, SIDE, CLASSES, new byte[3 * SIDE * SIDE], new byte[1]);
    /** Steps of a trajectory before it is compared with the pure function's. */
    public static final int STEPS = 5;

    /** The engine under test (a fresh instance, or one set up as its tests need, on each call). */
    protected abstract TrainingEngine engine();

    /** BatchNorm's running statistics of {@code s}, flat, in a fixed order. */
    protected abstract float[] statistics(S s);

    /** A second network of the test net's shape that computes mean gradients at given weights (see {@link GradientProbe}). */
    protected abstract GradientProbe gradientProbe();

    /** Log-probabilities of {@code b} in inference mode, {@code b.size() x CLASSES}, computed outside the session's evaluation. */
    protected abstract double[] logProbabilities(S s, Batch b);

    /** The bytes of one label as the engine takes it (int32 or int64 class indices). */
    protected abstract int labelBytes();

    /**
     * One training step of {@code s} on {@code b} with {@code plan}, returning the mean gradient the step used, as
     * the reference then steps with. By default the probe's gradient at the session's weights, then
     * {@link TrainingSession#trainBatch}: the full step is what is compared.
     */
    protected float[] stepReturningItsGradient(S s, GradientProbe probe, Batch b, StepPlan plan) {
        float[] g = probe.gradient(s.weights(), b);
        s.trainBatch(b, plan);
        return g;
    }

    /**
     * The largest relative difference ({@link Trajectories#worstRelative}) to the pure SAM step after {@link #STEPS}
     * steps: ε's norm is rounded in another order than the engine's, and Adam's normalization turns a few ulps of g'
     * into more.
     */
    protected double samTolerance() {
        return 1e-4;
    }

    /** The AdamW hyperparameters (besides lr and decay) of the SAM trajectories. */
    protected Map<String, Object> samAdamWParams() {
        return Map.of();
    }

    /** The mean gradient of a batch at given weights, from the engine's own backprop on a network of its own. */
    public interface GradientProbe extends AutoCloseable {

        float[] gradient(float[] theta, Batch b);

        @Override
        void close();
    }

    /** The engine's name, for messages. */
    protected final String name() {
        return engine().name();
    }

    /** A session of the test net with {@code optimizer}, {@code clipping}, initialized from {@code seed}. */
    @SuppressWarnings("unchecked")
    protected final S open(OptimizerSpec optimizer, Clipping clipping, long seed) {
        TrainingEngine engine = engine();
        TrialSpec spec = new TrialSpec("t", 0, engine.name(), new DataSpec(FashionMnist.NAME, "/", BATCH, BATCH, 0, false,
                false), new ModelSpec(ResNet18.NAME, WIDTH), optimizer, ScheduleSpec.CONSTANT, clipping, null, 1, BATCH, seed);
        return (S) engine.open(spec, SHAPE);
    }

    /** Batch {@code k}: BATCH random images, labels k, k+1, ... (mod 10). */
    public static Batch batch(int k) {
        Random rng = new Random(100 + k);
        float[] x = new float[BATCH * 3 * SIDE * SIDE];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        int[] y = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            y[i] = (k + i) % CLASSES;
        }
        return new Batch(x, y, BATCH, 3, SIDE, SIDE);
    }

    private S adamw(long seed) {
        return open(AdamSpec.of(0.01, WeightDecay.of(0.05, WeightDecayMode.DECOUPLED_LR)), Clipping.NONE, seed);
    }

    // ---- the network

    /** The CIFAR ResNet-18's 11,173,962 trainable parameters at width 64, as in PyTorch. */
    @Test
    void parameterCountAtWidth64() {
        TrainingEngine engine = engine();
        TrialSpec spec = TrialSpec.basic("t", 0, engine.name(), new DataSpec("cifar10", "/", 1, 1, 0, false, false),
                new ModelSpec(ResNet18.NAME, 64), AdamSpec.of(1e-3, WeightDecay.none(WeightDecayMode.L2)), 1, 1, 0);
        Dataset cifar = new Dataset("c", 3, 32, 32, 10, new byte[3 * 32 * 32], new byte[1]);
        try (TrainingSession s = engine.open(spec, cifar)) {
            assertEquals(11_173_962L, s.trainableParameters());
            assertEquals(ResNet18.trainableParameters(64, 3, 10), s.trainableParameters());
        }
    }

    /** Fashion-MNIST-shaped input (1x28x28: 28 → 28, 14, 7, 4): the count for one channel, and a step trains. */
    @Test
    void opensForGreyscale28() {
        TrainingEngine engine = engine();
        TrialSpec spec = TrialSpec.basic("t", 0, engine.name(), new DataSpec(FashionMnist.NAME, "/", 1, 1, 0, false,
                false), new ModelSpec(ResNet18.NAME, 4), AdamSpec.of(1e-3, WeightDecay.none(WeightDecayMode.L2)), 1, 3, 0);
        Dataset fashion = new Dataset("f", 1, 28, 28, 10, new byte[28 * 28], new byte[1]);
        try (TrainingSession s = engine.open(spec, fashion)) {
            assertEquals(ResNet18.trainableParameters(4, 1, 10), s.trainableParameters());
            Random rng = new Random(1);
            float[] x = new float[3 * 28 * 28];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rng.nextGaussian();
            }
            float[] before = s.weights();
            BatchResult r = s.trainBatch(new Batch(x, new int[]{0, 1, 2}, 3, 1, 28, 28), StepPlan.constant(1e-3, 0));
            assertTrue(Double.isFinite(r.loss()) && r.wrong() >= 0 && r.wrong() <= 3, name() + ": " + r);
            assertFalse(Arrays.equals(before, s.weights()));
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

    /** An optimizer case of the trajectory tests. */
    public record Case(String optimizer, Map<String, Object> params, double lr) {
        @Override
        public String toString() {
            return optimizer + " " + params + " lr " + lr;
        }
    }

    /** Every rule, with the options that change its arithmetic (Nesterov, centered, QHAdam's ν and β). */
    public static final List<Case> CASES = List.of(
            new Case("sgd", Map.of("momentum", 0.9), 0.05),
            new Case("sgd", Map.of("momentum", 0.9, "nesterov", true), 0.05),
            new Case("adagrad", Map.of(), 0.05),
            new Case("adagrad", Map.of(), 0.01),
            new Case("rmsprop", Map.of(), 0.01),
            new Case("rmsprop", Map.of("momentum", 0.5, "centered", true), 0.005),
            new Case("adam", Map.of(), 0.01),
            new Case("amsgrad", Map.of(), 0.01),
            new Case("nadam", Map.of(), 0.01),
            new Case("adamax", Map.of(), 0.01),
            new Case("radam", Map.of(), 0.01),
            new Case("qhadam", Map.of(), 0.01),
            new Case("qhadam", Map.of("nu1", 0.7, "beta1", 0.995), 0.01));

    /**
     * Every optimizer and decay mode trained through the engine follows the float64 reference computed beside it
     * ({@link FloatOptimizer}, which the golden tests hold to PyTorch's trajectories) on the gradient the engine
     * steps with ({@link #stepReturningItsGradient}): within 1e-5 relative after {@link #STEPS} steps.
     */
    @TestFactory
    List<DynamicTest> followsThePureFunctionForEveryRuleAndDecayMode() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : CASES) {
            for (WeightDecayMode mode : WeightDecayMode.values()) {
                tests.add(DynamicTest.dynamicTest(c + " " + mode.configName(), () -> trajectory(c, mode)));
            }
        }
        return tests;
    }

    private void trajectory(Case c, WeightDecayMode mode) {
        double lambda = mode == WeightDecayMode.DECOUPLED ? 0.01 : 0.1;
        OptimizerSpec spec = OptimizerSpecs.create(c.optimizer(), c.lr(), c.params(), WeightDecay.of(lambda, mode));
        try (S session = open(spec, Clipping.NONE, 3); GradientProbe probe = gradientProbe()) {
            float[] theta = session.weights();
            FloatOptimizer reference = new FloatOptimizer(spec, theta.length);
            for (int t = 0; t < STEPS; t++) {
                StepPlan plan = StepPlan.constant(c.lr(), lambda);
                reference.step(theta, stepReturningItsGradient(session, probe, batch(t), plan), plan);
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
            assertTrue(worst <= 1e-5, name() + " " + c + " " + mode + ": worst relative difference " + worst
                    + " at element " + at + " of " + theta.length + " (engine " + got[at] + ", reference " + theta[at] + ")");
        }
    }

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
        try (S plain = open(AdamSpec.of(LR, WeightDecay.none(mode)), Clipping.NONE, 4);
             S decayed = open(AdamSpec.of(LR, WeightDecay.of(WD, mode)), Clipping.NONE, 4)) {
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
        resumesExactly(AdamSpec.of(0.01, WeightDecay.of(0.05, WeightDecayMode.DECOUPLED_LR)), StepPlan.constant(0.01, 0.05));
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

    static SamSpec samSgd(double rho, boolean adaptive) {
        return new SamSpec(OptimizerSpecs.create("sgd", 0.05, Map.of("momentum", 0.9), WeightDecay.of(5e-3,
                WeightDecayMode.L2)), rho, adaptive);
    }

    private SamSpec samAdamW(double rho, boolean adaptive) {
        return new SamSpec(OptimizerSpecs.create("adamw", 0.01, samAdamWParams(), WeightDecay.of(0.05,
                WeightDecayMode.DECOUPLED_LR)), rho, adaptive);
    }

    /**
     * SAM and ASAM trained through the engine follow the pure functions: at each step the reference computes g at its
     * own θ and g' at θ + {@link Sam#perturbation} on a {@link GradientProbe}, and steps a {@link FloatOptimizer} with
     * g' (within {@link #samTolerance()} after {@link #STEPS} steps).
     */
    @TestFactory
    List<DynamicTest> followsThePureSamStep() {
        return List.of(DynamicTest.dynamicTest("SAM(SGD) rho 0.05", () -> samTrajectory(samSgd(0.05, false))),
                DynamicTest.dynamicTest("ASAM(SGD) rho 0.5", () -> samTrajectory(samSgd(0.5, true))),
                DynamicTest.dynamicTest("SAM(AdamW) rho 0.05", () -> samTrajectory(samAdamW(0.05, false))),
                DynamicTest.dynamicTest("ASAM(AdamW) rho 1", () -> samTrajectory(samAdamW(1.0, true))));
    }

    private void samTrajectory(SamSpec spec) {
        OptimizerSpec base = spec.base();
        try (S session = open(spec, Clipping.NONE, 3); GradientProbe probe = gradientProbe()) {
            float[] theta = session.weights();
            FloatOptimizer reference = new FloatOptimizer(base, theta.length);
            for (int t = 0; t < STEPS; t++) {
                Batch b = batch(t);
                StepPlan plan = StepPlan.constant(base.lr(), base.weightDecay().value());
                float[] g = probe.gradient(theta, b);
                float[] eps = new float[theta.length];
                Sam.perturbation(theta, g, (float) spec.rho(), spec.adaptive(), eps);
                float[] moved = theta.clone();
                for (int i = 0; i < moved.length; i++) {
                    moved[i] += eps[i];
                }
                reference.step(theta, probe.gradient(moved, b), plan);
                session.trainBatch(b, plan);
            }
            double worst = worstRelative(session.weights(), theta);
            System.out.printf("%s %s: worst relative difference to the pure step %.3g after %d steps%n", name(),
                    spec.label(), worst, STEPS);
            assertTrue(worst <= samTolerance(), name() + " " + spec.label() + ": worst relative difference " + worst
                    + " after " + STEPS + " steps");
        }
    }

    /**
     * One SAM step leaves BatchNorm's running statistics where one step of its base leaves them (the first pass's
     * only), and reports the loss and error count at θ, not at θ + ε.
     */
    @Test
    void samBatchNormStatisticsAndLossAreTheFirstPasss() {
        SamSpec spec = samSgd(0.5, false);
        StepPlan plan = StepPlan.constant(0.05, 5e-3);
        try (S sam = open(spec, Clipping.NONE, 4); S plain = open(spec.base(), Clipping.NONE, 4)) {
            float[] before = statistics(sam);
            BatchResult s = sam.trainBatch(batch(0), plan);
            BatchResult p = plain.trainBatch(batch(0), plan);
            assertTrue(worstRelative(statistics(sam), before) > 1e-3, "the first pass moved the statistics");
            assertArrayEquals(statistics(plain), statistics(sam), 1e-6f);
            assertEquals(p.loss(), s.loss(), 1e-6 * Math.abs(p.loss()));
            assertEquals(p.wrong(), s.wrong());
            assertTrue(worstRelative(sam.weights(), plain.weights()) > 1e-4, "SAM stepped with g', not g");
        }
    }

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
                TrafficCheck.stepMovesOnlyItsBatch(s, EngineSessionContract::batch, labelBytes());
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
