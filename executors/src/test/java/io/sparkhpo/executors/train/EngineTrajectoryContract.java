package io.sparkhpo.executors.train;

import io.sparkhpo.executors.data.Batch;
import io.sparkhpo.executors.data.DataSpec;
import io.sparkhpo.executors.data.Dataset;
import io.sparkhpo.executors.data.FashionMnist;
import io.sparkhpo.executors.model.ModelSpec;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import static io.sparkhpo.executors.train.Trajectories.worstRelative;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine contract's first half, and its base: the update an engine's session makes follows the pure functions.
 * Every optimizer rule and weight-decay mode ({@link #followsThePureFunctionForEveryRuleAndDecayMode}), and SAM and
 * ASAM ({@link #followsThePureSamStep}, {@link #samBatchNormStatisticsAndLossAreTheFirstPasss}), trained through the
 * engine for {@link #STEPS} steps, against {@link FloatOptimizer} and {@link Sam} computed beside it. The second half,
 * the session's life (initialization, weights, decay, non-finite losses, checkpoints, evaluation, BatchNorm
 * recomputation, traffic, the task's GPU), is {@link EngineSessionContract}, which extends this one; each engine's
 * test extends that once (as {@code SamplerContract} is extended by each sampler's), so every engine passes both.
 *
 * <p>Also here, for both halves: the test network, its batches, and the hooks an engine supplies: the
 * {@link #engine()}, how to read a session's BatchNorm statistics, a {@link GradientProbe} for the pure-function
 * references, how a step hands its gradient to the reference, and (with a comment saying why, measured) a tolerance
 * where the engine's arithmetic truly differs.
 *
 * <p>The network is a tiny ResNet (width {@value #WIDTH}, 3x{@value #SIDE}x{@value #SIDE} inputs, batches of
 * {@value #BATCH}). Smaller inputs or batches leave the last stage's BatchNorm normalizing a handful of values, which
 * amplifies float32 round-off chaotically from step to step (at 8x8 with 4 images: 1e-6 after one step, 1e-3 after
 * three).
 *
 * @param <S> the engine's session class
 */
public abstract class EngineTrajectoryContract<S extends TrainingSession> {

    /** 2, or {@code -Dcontract.width=N} in surefire's argLine (e.g. to see an engine's kernels at other channel counts). */
    public static final int WIDTH = Integer.getInteger("contract.width", 2);
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
     * steps: ε's norm is rounded in another order than the engine's, so g' is taken at points a few float32 ulps
     * apart, and Adam's normalization turns a few ulps of g' into more.
     */
    protected double samTolerance() {
        return 1e-4;
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
                false), ModelSpec.resnet18(WIDTH), optimizer, ScheduleSpec.CONSTANT, clipping, null, 1, BATCH, seed);
        return (S) engine.open(spec, SHAPE);
    }

    /** Batch {@code k}: BATCH random images, labels k, k+1, ... (mod 10). */
    public static Batch batch(int k) {
        return batch(k, BATCH, SIDE, CLASSES);
    }

    /** Batch {@code k}: {@code n} random 3 x side x side images (seeded by k), labels k, k+1, ... (mod classes). */
    public static Batch batch(int k, int n, int side, int classes) {
        Random rng = new Random(100 + k);
        float[] x = new float[n * 3 * side * side];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = (k + i) % classes;
        }
        return new Batch(x, y, n, 3, side, side);
    }

    /** Asserts that every element of {@code a} is finite: two NaN arrays compare equal, and NaN is no difference. */
    protected final void assertFinite(float[] a, String what) {
        int bad = (int) IntStream.range(0, a.length).filter(i -> !Float.isFinite(a[i])).count();
        assertEquals(0, bad, name() + ": " + bad + " of " + a.length + " elements of " + what + " are not finite");
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
     *
     * <p>With {@code l2} the reference is handed g + λθ as the engine forms it, and adds no decay of its own: like
     * g, from the engine's θ at the step, and in float32, λθ rounded, then added ({@code VectorOps.axpy}). A float64
     * sum, or one from the reference's own θ (a few ulps away), differs from that by up to half an ulp of λθ, which
     * at an element where g and λθ nearly cancel is most of g + λθ; Adam's, Adagrad's and RMSprop's normalization
     * then turn it into a visible step. Measured through DL4J at seed 3 (s4b2 conv weight 174: g + λθ ≈ 0 on batch
     * 0), the reference's float64 sum gave 2.8e-5 after 5 steps for Adam and 3e-3 for RMSprop, its float32 sum from
     * its own θ 2.6e-5 for Adagrad at lr 0.05; the engine's sum 9.6e-7, 3.2e-6 and 1.5e-6.
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
                float[] from = session.weights();
                float[] g = stepReturningItsGradient(session, probe, batch(t), plan);
                if (mode == WeightDecayMode.L2) {
                    float l = (float) lambda;
                    for (int i = 0; i < g.length; i++) {
                        g[i] += l * from[i];
                    }
                    reference.step(theta, g, StepPlan.constant(c.lr(), 0));
                } else {
                    reference.step(theta, g, plan);
                }
            }
            float[] got = session.weights();
            assertFinite(got, c + " " + mode + " weights");
            double worst = 0;
            int at = 0;
            for (int i = 0; i < theta.length; i++) {
                double d = Math.abs(got[i] - theta[i]) / Math.max(Math.abs(theta[i]), 1e-2);
                d = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d; // a NaN in either is the worst difference
                if (d > worst) {
                    worst = d;
                    at = i;
                }
            }
            System.out.printf("%s %s %s: worst relative difference to the pure function %.3g after %d steps%n",
                    name(), c, mode.configName(), worst, STEPS);
            assertTrue(worst <= 1e-5, name() + " " + c + " " + mode + ": worst relative difference " + worst
                    + " at element " + at + " of " + theta.length + " (engine " + got[at] + ", reference " + theta[at] + ")");
        }
    }

    // ---- SAM

    protected static SamSpec samSgd(double rho, boolean adaptive) {
        return new SamSpec(OptimizerSpecs.create("sgd", 0.05, Map.of("momentum", 0.9), WeightDecay.of(5e-3,
                WeightDecayMode.L2)), rho, adaptive);
    }

    /**
     * AdamW with eps = 1e-3: with PyTorch's 1e-8, an element whose g' is near zero steps by ±lr on the sign of g',
     * and g' is taken at points a few float32 ulps apart (ε's norm rounded in the engine's order and the reference's),
     * which the comparison would measure instead of the SAM step (through DL4J at seed 3, SAM at ρ = 0.05: 2.0e-4
     * with 1e-8, 4.3e-5 with 1e-3); libtorch's CPU kernels need not even compute g' to the same bits twice.
     */
    protected static SamSpec samAdamW(double rho, boolean adaptive) {
        return new SamSpec(OptimizerSpecs.create("adamw", 0.01, Map.of("eps", 1e-3), WeightDecay.of(0.05,
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
            assertFinite(session.weights(), spec.label() + " weights");
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
}
