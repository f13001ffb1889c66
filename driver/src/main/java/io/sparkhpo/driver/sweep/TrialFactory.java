package io.sparkhpo.driver.sweep;

import io.sparkhpo.driver.config.SweepConfig;
import io.sparkhpo.driver.config.TrialParameters;
import io.sparkhpo.executors.data.DataSpec;
import io.sparkhpo.executors.model.ModelSpec;
import io.sparkhpo.executors.optim.OptimizerSpec;
import io.sparkhpo.executors.schedule.ScheduleSpec;
import io.sparkhpo.executors.schedule.Unit;
import io.sparkhpo.executors.train.TrialSpec;
import io.sparkhpo.search.trial.Trial;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a study's trial (its sampled parameters) plus the config's fixed values into a {@link TrialSpec}. With
 * the linear scaling rule (Goyal et al. 2017) the learning rate becomes lr·b/b₀ and a warmup counted in
 * iterations becomes length·b₀/b, so it spans the same number of examples.
 */
public final class TrialFactory {

    private final SweepConfig config;
    private final DataSpec data;

    public TrialFactory(SweepConfig config, DataSpec data) {
        this.config = config;
        this.data = data;
    }

    /** The values the trial runs with: the config's fixed ones, then its sampled ones. */
    public Map<String, Object> parameters(Trial trial) {
        Map<String, Object> p = new LinkedHashMap<>(config.fixed());
        p.putAll(trial.params());
        return p;
    }

    public TrialSpec spec(Trial trial) {
        return spec(trial, data, config.training().epochs());
    }

    /** The trial on other data or for another number of epochs (a retrain of it). */
    public TrialSpec spec(Trial trial, DataSpec data, int epochs) {
        Map<String, Object> p = parameters(trial);
        int batch = TrialParameters.batchSize(p);
        double lr = TrialParameters.lr(p);
        ScheduleSpec schedule = config.schedule();
        if (config.training().linearScaling()) {
            int base = config.training().baseBatchSize().getAsInt();
            lr = lr * batch / base;
            schedule = scaleWarmup(schedule, base, batch);
        }
        OptimizerSpec optimizer = TrialParameters.optimizer(p, lr);
        return new TrialSpec(config.study().name(), trial.number(), config.training().engine(), data,
                new ModelSpec(config.model().name(), config.model().width()), optimizer, schedule,
                TrialParameters.clipping(p), config.training().swa().orElse(null), epochs, batch,
                config.training().seed());
    }

    @SuppressWarnings("unchecked")
    static ScheduleSpec scaleWarmup(ScheduleSpec s, int baseBatch, int batch) {
        Object w = s.params().get("warmup");
        if (!(w instanceof Map) || s.unit() != Unit.ITERATION) {
            return s;
        }
        Map<String, Object> warmup = new LinkedHashMap<>((Map<String, Object>) w);
        double length = (Double) warmup.get("length");
        warmup.put("length", (double) Math.max(1, Math.round(length * baseBatch / batch)));
        Map<String, Object> params = new LinkedHashMap<>(s.params());
        params.put("warmup", warmup);
        return new ScheduleSpec(s.name(), s.unit(), params, s.parts());
    }
}
