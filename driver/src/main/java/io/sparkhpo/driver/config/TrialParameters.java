package io.sparkhpo.driver.config;

import io.sparkhpo.executors.optim.OptimizerSpec;
import io.sparkhpo.executors.optim.OptimizerSpecs;
import io.sparkhpo.executors.optim.WeightDecay;
import io.sparkhpo.executors.optim.WeightDecayMode;
import io.sparkhpo.executors.train.Clipping;

import java.util.Map;
import java.util.Optional;

/**
 * A trial's hyperparameter values (the config's fixed values merged with the sampled ones, keyed by
 * {@link Hyperparameter#key()}) turned into the executors' specs. Used by the trial factory and, with probe
 * values, by config validation, so both build optimizers the same way.
 */
public final class TrialParameters {

    private TrialParameters() {
    }

    public static String optimizerName(Map<String, Object> p) {
        return (String) Hyperparameter.OPTIMIZER.valueIn(p);
    }

    /**
     * The config name of the optimizer that steps: the optimizer's, or under a wrapper ({@code sam}) its {@code base},
     * whose defaults (lr, λ, decay mode) the trial takes.
     */
    public static String steppingName(Map<String, Object> p) {
        return OptimizerSpecs.stepping(optimizerName(p), p);
    }

    public static WeightDecayMode decayMode(Map<String, Object> p) {
        return OptimizerSpecs.decayMode(steppingName(p),
                Optional.ofNullable((String) p.get(Hyperparameter.WEIGHT_DECAY_MODE.key())).map(WeightDecayMode::fromConfig));
    }

    /** The weight decay: λ_norm when {@code weight_decay_norm} is given, else λ (default per optimizer). */
    public static WeightDecay weightDecay(Map<String, Object> p) {
        WeightDecayMode mode = decayMode(p);
        Object norm = p.get(Hyperparameter.WEIGHT_DECAY_NORM.key());
        if (norm != null) {
            return new WeightDecay((Double) norm, mode, true);
        }
        Object wd = p.get(Hyperparameter.WEIGHT_DECAY.key());
        return WeightDecay.of(wd != null ? (Double) wd : OptimizerSpecs.defaultWeightDecay(steppingName(p)), mode);
    }

    /** The base learning rate: given, or PyTorch's default for the optimizer (SGD has none: config requires it). */
    public static double lr(Map<String, Object> p) {
        Object lr = p.get(Hyperparameter.LR.key());
        if (lr != null) {
            return (Double) lr;
        }
        String name = steppingName(p);
        return OptimizerSpecs.defaultLr(name).orElseThrow(() -> new IllegalArgumentException(
                "optimizer.lr is required for " + name + " (PyTorch has no default)"));
    }

    /** @throws IllegalArgumentException naming the hyperparameter and value when the combination is invalid */
    public static OptimizerSpec optimizer(Map<String, Object> p, double lr) {
        return OptimizerSpecs.build(optimizerName(p), lr, p, weightDecay(p));
    }

    public static Clipping clipping(Map<String, Object> p) {
        Object norm = p.get(Hyperparameter.CLIP_GRAD_NORM.key());
        Object value = p.get(Hyperparameter.CLIP_GRAD_VALUE.key());
        return new Clipping(norm == null ? Double.POSITIVE_INFINITY : (Double) norm,
                value == null ? Double.POSITIVE_INFINITY : (Double) value);
    }

    public static int batchSize(Map<String, Object> p) {
        return Math.toIntExact((Long) Hyperparameter.BATCH_SIZE.valueIn(p));
    }
}
