package io.sparkhpo.executors.train.dl4j;

import io.sparkhpo.executors.data.Batch;
import io.sparkhpo.executors.optim.AdamSpec;
import io.sparkhpo.executors.optim.StepPlan;
import io.sparkhpo.executors.optim.WeightDecay;
import io.sparkhpo.executors.optim.WeightDecayMode;
import io.sparkhpo.executors.train.Clipping;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The weight decay a DL4J-trained network gets is the configured one, once, on every trainable parameter
 * (BatchNorm's γ and β included) and never on the running statistics. (DL4J's own network-wide
 * {@code WeightDecay} is applied twice, docs/architecture.md; this guards the path that replaces it.)
 */
class Dl4jWeightDecayTest {

    static final double LR = 0.01;
    static final double WD = 0.1;
    static final double ETA = 0.5;

    /**
     * One Adam step from the same start on the same batch: the first step's Adam update does not depend on the
     * weights, so the whole effect of a decoupled decay is θ_decayed − θ_plain = −k·θ₀, with k = η·λ (decoupled)
     * or lr·λ (decoupled_lr), lr = α·η.
     */
    @ParameterizedTest
    @EnumSource(value = WeightDecayMode.class, names = {"DECOUPLED", "DECOUPLED_LR"})
    void decoupledDecayIsAppliedOnceToEveryTrainableParameter(WeightDecayMode mode) {
        Dl4jSession plain = Dl4jTestNets.session(AdamSpec.of(LR, WeightDecay.none(mode)), Clipping.NONE);
        Dl4jSession decayed = Dl4jTestNets.session(AdamSpec.of(LR, WeightDecay.of(WD, mode)), Clipping.NONE);
        float[] theta0 = plain.weights();
        float[] stats0 = plain.graph().params().toFloatVector();
        Batch b = Dl4jTestNets.batch(0);
        StepPlan plan = new StepPlan(LR * ETA, ETA, WD, java.util.OptionalDouble.empty());
        plain.trainBatch(b, new StepPlan(LR * ETA, ETA, 0, java.util.OptionalDouble.empty()));
        decayed.trainBatch(b, plan);
        double k = mode == WeightDecayMode.DECOUPLED ? ETA * WD : LR * ETA * WD;
        float[] a = plain.weights();
        float[] d = decayed.weights();
        int decayedCount = 0;
        for (int i = 0; i < theta0.length; i++) {
            double expected = -k * theta0[i];
            double err = Math.abs((d[i] - a[i]) - expected);
            assertTrue(err <= 1e-6 + 1e-3 * Math.abs(expected), "element " + i + ": decay " + (d[i] - a[i])
                    + ", expected " + expected);
            if (Math.abs(expected) > 1e-6) {
                decayedCount++;
            }
        }
        assertTrue(decayedCount > theta0.length / 2, "most elements decayed: " + decayedCount + " of " + theta0.length);
        // BatchNorm gammas (initialized to 1) decay like any weight: their decay is exactly -k
        assertTrue(java.util.stream.IntStream.range(0, theta0.length).filter(i -> theta0[i] == 1f)
                .allMatch(i -> Math.abs((d[i] - a[i]) + k) <= 1e-6 + 1e-3 * k), "gammas decay by k");
        // running statistics: updated by the step, identical with and without decay
        ParamLayout layout = ParamLayout.of(plain.graph());
        float[] before = layout.statistics(stats0);
        float[] afterPlain = layout.statistics(plain.graph().params().toFloatVector());
        float[] afterDecayed = layout.statistics(decayed.graph().params().toFloatVector());
        assertTrue(before.length > 0);
        assertTrue(java.util.Arrays.equals(afterPlain, afterDecayed), "decay must not touch running statistics");
        assertTrue(!java.util.Arrays.equals(before, afterPlain), "the step updates running statistics");
    }
}
