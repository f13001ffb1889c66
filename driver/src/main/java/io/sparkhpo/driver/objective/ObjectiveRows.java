package io.sparkhpo.driver.objective;

import io.sparkhpo.driver.runner.Done;
import io.sparkhpo.driver.tables.TableSchema;
import io.sparkhpo.search.trial.Outcome;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A user objective's rows: its parameters, values, attributes and attempts ({@link ObjectiveTables}), its reports as
 * they came.
 */
public record ObjectiveRows(TableSchema trialsTable, Recorder.StudyInfo info) implements TrialRows {

    @Override
    public TableSchema epochsTable() {
        return ObjectiveTables.EPOCHS;
    }

    @Override
    public Map<String, Object> trialRow(EndedTrial t) {
        return ObjectiveTables.trialRow(trialsTable, info.name(), info.objectiveClass(), info.objectiveNames(),
                info.objectives(), t.work().trial(), t.work().seed(), t.work().params(), t.done(), t.where(),
                t.work().attempt() + 1, info.codeVersion());
    }

    @Override
    public List<Map<String, Object>> epochRows(EndedTrial t) {
        return t.reports();
    }

    @Override
    public Outcome outcome(EndedTrial t, Map<String, Object> row) {
        Done d = t.done();
        return switch (d.state()) {
            case COMPLETE -> new Outcome.Complete(info.objectiveNames().stream().map(n -> d.values().get(n)).toList());
            case PRUNED -> new Outcome.Pruned(d.steps());
            case FAILED, PAUSED, RETRY -> new Outcome.Failed(d.message() == null ? "failed" : d.message());
        };
    }

    @Override
    public String summary(EndedTrial t, Map<String, Object> row) {
        Done d = t.done();
        return d.state() == Done.State.COMPLETE ? (d.values().size() == 1 ? show(d.values().values().iterator().next())
                : show(d.values())) : d.message();
    }

    static String show(Object v) {
        if (v instanceof Double x) {
            return String.format(Locale.ROOT, "%.4g", x);
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder();
            m.forEach((k, x) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(show(x)));
            return b.toString();
        }
        return String.valueOf(v);
    }
}
