package io.sparkhpo.driver.builtin;

import io.sparkhpo.driver.objective.EndedTrial;
import io.sparkhpo.driver.objective.TrialRows;
import io.sparkhpo.driver.runner.Done;
import io.sparkhpo.driver.runner.Placement;
import io.sparkhpo.driver.tables.Objectives;
import io.sparkhpo.driver.tables.StudyTables;
import io.sparkhpo.driver.tables.TableSchema;
import io.sparkhpo.executors.train.EpochMetrics;
import io.sparkhpo.executors.train.RunState;
import io.sparkhpo.executors.train.TrialResult;
import io.sparkhpo.executors.train.TrialSpec;
import io.sparkhpo.driver.tables.Objective;
import io.sparkhpo.search.trial.Outcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The built-in training's rows ({@link StudyTables}): each trial's {@link TrialResult} as its runner sent it
 * ({@link BuiltinResult}), or, for a trial that ended without one (its runner lost too often), what its reports say.
 * The study is told the config's objective column of the row.
 */
public final class BuiltinRows implements TrialRows {

    private final TrialFactory factory;
    private final List<Objective> objectives;
    private final StudyTables.Scaling scaling;
    private final String codeVersion;
    private final boolean fromReports;

    /**
     * @param fromReports a trial's epochs are its reports (a PBT member's own, with the values in force at each), not
     *                    the history its checkpoint carries (which, after an exploit, is its source's up to there)
     */
    public BuiltinRows(TrialFactory factory, List<Objective> objectives, StudyTables.Scaling scaling, String codeVersion,
                       boolean fromReports) {
        this.fromReports = fromReports;
        this.factory = factory;
        this.objectives = List.copyOf(objectives);
        this.scaling = scaling;
        this.codeVersion = codeVersion;
    }

    @Override
    public TableSchema trialsTable() {
        return StudyTables.TRIALS;
    }

    @Override
    public TableSchema epochsTable() {
        return StudyTables.EPOCHS;
    }

    @Override
    public Map<String, Object> trialRow(EndedTrial t) {
        TrialResult r = result(t);
        Placement p = t.where();
        StudyTables.Placement placement = p == null ? StudyTables.Placement.NONE
                : new StudyTables.Placement(p.executor(), p.host(), p.gpuColumn());
        Map<String, Object> row = StudyTables.trialRow(spec(t), r, Objectives.describe(objectives), placement, scaling,
                t.work().params(), codeVersion, t.attempts());
        if (r.state() == RunState.COMPLETE) {
            Objectives.values(objectives, row).ifPresent(v -> row.put("objective", v.get(0)));
        }
        return row;
    }

    @Override
    public List<Map<String, Object>> epochRows(EndedTrial t) {
        Map<Integer, String> params = new java.util.HashMap<>();
        for (Map<String, Object> r : t.reports()) {
            if (r.get("params") != null) {
                params.put(((Number) r.get("step")).intValue() - 1, (String) r.get("params"));
            }
        }
        return StudyTables.epochRows(spec(t), result(t).epochs(), params::get);
    }

    @Override
    public Outcome outcome(EndedTrial t, Map<String, Object> row) {
        TrialResult r = result(t);
        Optional<List<Double>> values = r.state() == RunState.COMPLETE ? Objectives.values(objectives, row) : Optional.empty();
        if (values.isPresent()) {
            return new Outcome.Complete(values.get());
        }
        return r.state() == RunState.PRUNED ? new Outcome.Pruned(r.epochs().size())
                : new Outcome.Failed(r.state() + ": " + (r.state() == RunState.COMPLETE
                ? "no " + Objectives.describe(objectives) + " value" : r.message()));
    }

    @Override
    public String summary(EndedTrial t, Map<String, Object> row) {
        TrialResult r = result(t);
        return r.state() == RunState.COMPLETE ? String.format(Locale.ROOT, "test error %.4f (best %.4f)",
                r.finalTestError().orElse(Double.NaN), r.bestTestError().orElse(Double.NaN)) : r.message();
    }

    @Override
    public String describe(io.sparkhpo.driver.runner.Work work) {
        return TrialFactory.describe(factory.spec(work.trial(), work.params()));
    }

    @Override
    public boolean partPerTrial() {
        return true;
    }

    @Override
    public String reportLine(int trial, int step, double value, Map<String, Double> metrics) {
        return String.format(Locale.ROOT, "epoch %d, test error %.4f", step, value);
    }

    private TrialSpec spec(EndedTrial t) {
        return factory.spec(t.work().trial(), t.work().params());
    }

    /**
     * The trial's result: as its runner sent it (with its reports as its epochs when they are its own), or, when it
     * sent none (its runner lost too often, a PBT member whose source's checkpoint is gone), from its reports and how
     * it ended.
     */
    TrialResult result(EndedTrial t) {
        Done d = t.done();
        Object sent = d.attrs().get(BuiltinResult.ATTR);
        TrialResult r = sent == null ? null : BuiltinResult.read(d.trial(), (String) sent);
        if (r != null && d.state() == Done.State.FAILED && r.state() != RunState.DIVERGED && r.state() != RunState.FAILED) {
            // the driver failed it (a report its policy refused) after the trial sent how far it got
            r = TrialResult.of(d.trial(), RunState.FAILED, r.epochs(), d.message(), r.wallSeconds(), r.parameters());
        }
        if (r != null && !fromReports) {
            return r;
        }
        TreeMap<Integer, EpochMetrics> epochs = new TreeMap<>(); // a step reported again (a retry) keeps its last report
        for (Map<String, Object> row : t.reports()) {
            int step = ((Number) row.get("step")).intValue();
            @SuppressWarnings("unchecked")
            Map<String, Double> metrics = (Map<String, Double>) row.get("metrics");
            epochs.put(step, BuiltinResult.epoch(step, metrics == null ? Map.of() : metrics));
        }
        List<EpochMetrics> own = new ArrayList<>(epochs.values());
        double seconds = own.stream().mapToDouble(EpochMetrics::seconds).filter(Double::isFinite).sum();
        if (r != null) {
            return new TrialResult(d.trial(), r.state(), own, r.message(), seconds, r.parameters(), r.swa());
        }
        RunState state = d.state() == Done.State.PRUNED ? RunState.PRUNED : RunState.FAILED;
        return TrialResult.of(d.trial(), state, own, d.message() == null ? "failed" : d.message(),
                fromReports ? seconds : d.seconds(), 0);
    }
}
