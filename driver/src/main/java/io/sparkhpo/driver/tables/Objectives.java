package io.sparkhpo.driver.tables;


import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A study's objectives as the trials table holds them: values from a row's columns (a row being written, or a
 * {@link TrialRecord} read back), and the {@code objectives} column.
 */
public final class Objectives {

    private Objectives() {
    }

    /** Each objective's value in {@code row} (a trials row), or empty when one is missing or not finite. */
    public static Optional<List<Double>> values(List<Objective> objectives, Map<String, Object> row) {
        List<Double> out = new ArrayList<>();
        for (Objective o : objectives) {
            OptionalDouble v = StudyTables.metric(row, o.column());
            if (v.isEmpty()) {
                return Optional.empty();
            }
            out.add(v.getAsDouble());
        }
        return Optional.of(List.copyOf(out));
    }

    /** The {@code objectives} column: {@code final_test_error:minimize,wall_seconds:minimize}. */
    public static String describe(List<Objective> objectives) {
        return String.join(",", objectives.stream().map(Objective::describe).toList());
    }

    /** What a table's trials say the study was told: the first {@code objectives} column set (none before schema 5). */
    public static Optional<String> described(List<TrialRecord> trials) {
        return trials.stream().map(TrialRecord::objectives).flatMap(Optional::stream).findFirst();
    }

    /** The objectives {@link #described} names, parsed; empty when no trial says. */
    public static List<Objective> of(List<TrialRecord> trials) {
        return described(trials).map(Objectives::parse).orElse(List.of());
    }

    /**
     * The objectives an {@code objectives} column names ({@link #describe}).
     *
     * @throws IllegalArgumentException when it is not one this build writes
     */
    public static List<Objective> parse(String column) {
        List<Objective> out = new ArrayList<>();
        for (String part : column.split(",")) {
            String[] nd = part.split(":");
            if (nd.length != 2 || !StudyTables.METRICS.contains(nd[0]) || Objective.direction(nd[1]).isEmpty()) {
                throw new IllegalArgumentException("the trials table's objectives column holds '" + column
                        + "', expected column:minimize or column:maximize, comma-separated");
            }
            out.add(new Objective(nd[0], Objective.direction(nd[1]).orElseThrow()));
        }
        return List.copyOf(out);
    }
}
