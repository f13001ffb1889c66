package io.sparkhpo.executors.optim;

import java.io.Serializable;
import java.util.Objects;

/**
 * A weight decay λ and the convention it is applied in ({@link WeightDecayMode}). When {@code normalized},
 * {@code value} is λ_norm and the λ applied is λ_norm·√(b / (B·T)) (Loshchilov & Hutter 2019, Appendix B.1):
 * b the batch size, B the training examples, T the epochs of the current run (of the current restart period
 * with warm restarts). Normalization applies to the decoupled modes only, as in the paper.
 *
 * @param value      λ, or λ_norm when normalized; {@code >= 0}
 * @param mode       how λ enters the update
 * @param normalized whether {@code value} is λ_norm
 */
public record WeightDecay(double value, WeightDecayMode mode, boolean normalized) implements Serializable {

    public WeightDecay {
        Check.nonNegative("WeightDecay.value", value);
        Objects.requireNonNull(mode, "WeightDecay.mode");
        if (normalized && mode == WeightDecayMode.L2) {
            throw new IllegalArgumentException("normalized weight decay applies to the decoupled modes, not l2");
        }
    }

    /** No decay. */
    public static WeightDecay none(WeightDecayMode mode) {
        return new WeightDecay(0, mode, false);
    }

    public static WeightDecay of(double lambda, WeightDecayMode mode) {
        return new WeightDecay(lambda, mode, false);
    }

    /**
     * The λ applied.
     *
     * @param batchSize    b
     * @param trainSize    B
     * @param periodEpochs T, the epochs of the current run or restart period
     */
    public double lambda(int batchSize, long trainSize, double periodEpochs) {
        if (!normalized) {
            return value;
        }
        if (batchSize < 1 || trainSize < 1 || !(periodEpochs > 0)) {
            throw new IllegalArgumentException("normalized weight decay needs b, B, T > 0, got b=" + batchSize + ", B="
                    + trainSize + ", T=" + periodEpochs);
        }
        return value * Math.sqrt(batchSize / (trainSize * periodEpochs));
    }
}
