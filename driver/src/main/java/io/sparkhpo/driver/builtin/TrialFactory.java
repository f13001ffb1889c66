package io.sparkhpo.driver.builtin;

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
public final class TrialFactory implements java.io.Serializable {

    private final String study;
    private final String engine;
    private final ModelSpec model;
    private final ScheduleSpec schedule;
    private final io.sparkhpo.executors.train.SwaSpec swa;
    private final int epochs;
    private final long seed;
    /** The linear scaling rule's base batch size; 0 without the rule. */
    private final int baseBatch;
    private final Map<String, Object> fixed;
    private final DataSpec data;

    /** A factory of the config's trials (serializable: the built-in objective makes its specs on the executors). */
    public TrialFactory(SweepConfig config, DataSpec data) {
        this.study = config.study().name();
        this.engine = config.training().engine();
        this.model = new ModelSpec(config.model().name(), config.model().settings());
        this.schedule = config.schedule();
        this.swa = config.training().swa().orElse(null);
        this.epochs = config.training().epochs();
        this.seed = config.training().seed();
        this.baseBatch = config.training().linearScaling() ? config.training().baseBatchSize().getAsInt() : 0;
        this.fixed = new LinkedHashMap<>(config.fixed());
        this.data = data;
    }

    /** The values the trial runs with: the config's fixed ones, then its sampled ones. */
    public Map<String, Object> parameters(Trial trial) {
        return parameters(trial.params());
    }

    private Map<String, Object> parameters(Map<String, Object> sampled) {
        Map<String, Object> p = new LinkedHashMap<>(fixed);
        p.putAll(sampled);
        return p;
    }

    public TrialSpec spec(Trial trial) {
        return spec(trial, data, epochs);
    }

    /** Trial {@code number} with its sampled values {@code params} (the fixed ones are the config's). */
    public TrialSpec spec(int number, Map<String, Object> params) {
        return spec(number, params, data, epochs);
    }

    /** The trial on other data or for another number of epochs (a retrain of it). */
    public TrialSpec spec(Trial trial, DataSpec data, int epochs) {
        return spec(trial.number(), trial.params(), data, epochs);
    }

    private TrialSpec spec(int number, Map<String, Object> sampled, DataSpec data, int epochs) {
        Map<String, Object> p = parameters(sampled);
        int batch = TrialParameters.batchSize(p);
        double lr = TrialParameters.lr(p);
        ScheduleSpec s = schedule;
        if (baseBatch > 0) {
            lr = lr * batch / baseBatch;
            s = scaleWarmup(s, baseBatch, batch);
        }
        OptimizerSpec optimizer = TrialParameters.optimizer(p, lr);
        return new TrialSpec(study, number, engine, data, model, optimizer, s, TrialParameters.clipping(p), swa, epochs,
                batch, seed);
    }

    /** A trial's optimizer, decay, learning rate and batch size, as the progress lines show them. */
    public static String describe(TrialSpec spec) {
        return String.format("%s (%s) lr=%.3g wd=%.3g%s%s batch=%d", spec.optimizer().label(),
                spec.optimizer().weightDecay().mode().configName(), spec.optimizer().lr(),
                spec.optimizer().weightDecay().value(), spec.optimizer().weightDecay().normalized() ? " (normalized)" : "",
                io.sparkhpo.executors.optim.SamSpec.rhoNote(spec.optimizer()), spec.batchSize());
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
