package io.sparkhpo.driver.sweep;

import io.sparkhpo.driver.config.Hyperparameter;
import io.sparkhpo.driver.config.SweepConfig;
import io.sparkhpo.executors.data.DataSpec;
import io.sparkhpo.executors.model.ModelSpec;
import io.sparkhpo.executors.optim.AdamSpec;
import io.sparkhpo.executors.optim.OptimizerSpec;
import io.sparkhpo.executors.optim.WeightDecayMode;
import io.sparkhpo.executors.train.TrialSpec;
import io.sparkhpo.search.trial.Trial;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Turns a study's trial (its searched parameters) plus the config's fixed values into a {@link TrialSpec}. */
public final class TrialFactory {

    private final SweepConfig config;
    private final DataSpec data;

    public TrialFactory(SweepConfig config, DataSpec data) {
        this.config = config;
        this.data = data;
    }

    public TrialSpec spec(Trial trial) {
        Map<String, Object> p = new LinkedHashMap<>(config.fixed());
        p.putAll(trial.params());
        String optimizer = (String) p.get(Hyperparameter.OPTIMIZER.key());
        WeightDecayMode mode = Hyperparameter.decayMode(optimizer,
                Optional.ofNullable((String) p.get(Hyperparameter.WEIGHT_DECAY_MODE.key())));
        OptimizerSpec opt = new AdamSpec(real(p, Hyperparameter.LR), real(p, Hyperparameter.BETA1),
                real(p, Hyperparameter.BETA2), real(p, Hyperparameter.EPS), real(p, Hyperparameter.WEIGHT_DECAY), mode);
        int batch = Math.toIntExact((Long) p.get(Hyperparameter.BATCH_SIZE.key()));
        return new TrialSpec(config.study().name(), trial.number(), config.training().engine(), data,
                new ModelSpec(config.model().name(), config.model().width()), opt, config.training().epochs(), batch,
                config.training().seed());
    }

    private static double real(Map<String, Object> p, Hyperparameter h) {
        return (Double) p.get(h.key());
    }
}
