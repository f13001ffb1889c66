package io.sparkhpo.executors.train.dl4j;

import io.sparkhpo.executors.optim.AdamSpec;
import io.sparkhpo.executors.optim.OptimizerSpec;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

import java.util.List;

/** Turns an {@link OptimizerSpec} into DL4J's updater and per-layer regularization. */
final class Dl4jOptimizers {

    private Dl4jOptimizers() {
    }

    static IUpdater updater(OptimizerSpec spec) {
        if (spec instanceof AdamSpec a) {
            return new Adam(a.lr(), a.beta1(), a.beta2(), a.eps());
        }
        throw new IllegalArgumentException("the dl4j engine has no updater for optimizer " + spec.name());
    }

    /**
     * The regularization for every parameter, per {@link io.sparkhpo.executors.optim.WeightDecayMode}:
     * L2 adds {@code λθ} to the gradient before the updater (DL4J {@code L2Regularization}); DECOUPLED subtracts
     * {@code λθ} after it and DECOUPLED_LR {@code lr·λθ} (DL4J {@code WeightDecay} with {@code applyLR} false/true).
     */
    static List<Regularization> regularization(OptimizerSpec spec) {
        double wd = spec.weightDecay();
        if (wd == 0) {
            return List.of();
        }
        return switch (spec.decayMode()) {
            case L2 -> List.of(new L2Regularization(wd));
            case DECOUPLED -> List.of(new WeightDecay(wd, false));
            case DECOUPLED_LR -> List.of(new WeightDecay(wd, true));
        };
    }
}
