package io.sparkhpo.driver.tables;

import io.sparkhpo.executors.train.RunState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One row of a study's trials table as the read side sees it (like Optuna's FrozenTrial): immutable, built once from
 * the row as a reader gives it ({@link StudyTables#maps} with Spark, the dashboard's parquet-hadoop reader without),
 * with typed accessors for what the analysis, the report and the dashboard read (number, state, objective, the
 * searched parameters, warm start, Pareto rank) and {@link #get} for any other column. The same record serves the
 * built-in network's rows (docs/tables.md) and a user objective's (docs/objective.md: {@code objective_class}, its
 * objectives' values in the {@code values} map). The rows a sweep writes stay maps: this is the read format only.
 */
public final class TrialRecord extends TableRecord {


    private TrialRecord(Map<String, Object> row) {
        super(row);
    }

    /** The record of one trials row (column name to value, nulls allowed); the map is copied. */
    public static TrialRecord of(Map<String, Object> row) {
        return new TrialRecord(row);
    }

    /** The records of trials rows, in their order. */
    public static List<TrialRecord> all(List<Map<String, Object>> rows) {
        List<TrialRecord> out = new ArrayList<>(rows.size());
        rows.forEach(r -> out.add(of(r)));
        return List.copyOf(out);
    }

    /** The trial's number (column {@code trial}). */
    public int number() {
        return (Integer) row.get("trial");
    }

    /** The study's name (column {@code study}). */
    public String study() {
        return (String) row.get("study");
    }

    /**
     * How the trial ended (column {@code state}, a {@link RunState} name: the built-in network's trials end in any of
     * them, a user objective's COMPLETE, PRUNED or FAILED); null when the column holds no state this build knows.
     */
    public RunState state() {
        for (RunState s : RunState.values()) {
            if (s.name().equals(row.get("state"))) {
                return s;
            }
        }
        return null;
    }

    /** The {@code state} column as written (what the dashboard shows and filters on), null when unset. */
    public String stateName() {
        return row.get("state") instanceof String s ? s : null;
    }

    /** Whether the trial ended COMPLETE. */
    public boolean isComplete() {
        return state() == RunState.COMPLETE;
    }

    /** The {@code objective} column: the (first) objective's value of a completed trial; null when unset. */
    public Double objective() {
        return (Double) row.get("objective");
    }

    /** A COMPLETE trial with a finite {@link #objective}: one the charts and the best-trial views count. */
    public boolean hasObjective() {
        return isComplete() && row.get("objective") instanceof Double d && Double.isFinite(d);
    }

    /**
     * The {@code objectives} column: what the study was told, {@code column:direction} (or a user objective's
     * {@code name:direction}) comma-separated; empty before schema 5.
     */
    public Optional<String> objectives() {
        return row.get(StudyTables.OBJECTIVES) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /**
     * Each objective's value, as {@link Objectives#values} reads a built-in network's row (the objectives are numeric
     * columns); empty when one is missing or not finite.
     */
    public Optional<List<Double>> objectiveValues(List<Objective> objectives) {
        return Objectives.values(objectives, row);
    }

    /** The value of a numeric column ({@link StudyTables#METRICS}), if set and finite. */
    public OptionalDouble metric(String column) {
        return StudyTables.metric(row, column);
    }

    /** The user objective's class (column {@code objective_class}); null in the built-in network's rows. */
    public String objectiveClass() {
        return (String) row.get("objective_class");
    }

    /** Whether the row is a user objective's ({@link #objectiveClass} set). */
    public boolean isUserObjective() {
        return row.get("objective_class") != null;
    }

    /** A user objective's values by objective name (its {@code values} map column); empty when the row has none. */
    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> values() {
        return row.get("values") instanceof Map<?, ?> v ? Optional.of((Map<String, Object>) v) : Optional.empty();
    }

    /** One of a user objective's values ({@link #values}), if set and finite. */
    public OptionalDouble value(String name) {
        return values().map(v -> StudyTables.metric(v, name)).orElse(OptionalDouble.empty());
    }

    /**
     * The folder of the earlier study {@code search.warm_start} copied this row from; empty for the study's own
     * trials.
     */
    public Optional<String> warmStart() {
        return row.get(StudyTables.WARM_START) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** Whether {@code search.warm_start} copied this row in ({@link StudyTables#WARM_START} set). */
    public boolean isWarmStart() {
        return row.get(StudyTables.WARM_START) != null;
    }

    /** The trial's non-dominated rank in a multi-objective study (0: the front); empty where not ranked. */
    public OptionalInt paretoRank() {
        return row.get(StudyTables.PARETO_RANK) instanceof Integer i ? OptionalInt.of(i) : OptionalInt.empty();
    }


    /** The learning rate α (the built-in network's {@code lr} column); null when unset. */
    public Double lr() {
        return (Double) row.get("lr");
    }

    /**
     * A double column's value (the built-in network's {@code weight_decay}, {@code final_test_error}, ...); null when
     * unset.
     */
    public Double getDouble(String column) {
        return (Double) row.get(column);
    }

    /** A string column's value (the built-in network's {@code optimizer}, {@code schedule_params}, ...); null if unset. */
    public String getString(String column) {
        return (String) row.get(column);
    }

    /** When the trial's row was written ({@code finished_at}); empty when unset. */
    public Optional<Instant> finishedAt() {
        return row.get("finished_at") instanceof Instant i ? Optional.of(i) : Optional.empty();
    }
}
