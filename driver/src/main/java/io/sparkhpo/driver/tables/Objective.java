package io.sparkhpo.driver.tables;

import io.sparkhpo.search.trial.Direction;

import java.util.Locale;

/**
 * One value a completed trial tells the study: a numeric column of its trials-table row ({@link StudyTables#METRICS})
 * and whether lower or higher is better ({@code search.objective}, {@code search.objectives}).
 */
public record Objective(String column, Direction direction) {

    public static final Objective FINAL_TEST_ERROR = new Objective("final_test_error", Direction.MINIMIZE);

    /** The names of the directions, as configs and the {@code objectives} column write them. */
    public static final java.util.List<String> DIRECTIONS = java.util.List.of("minimize", "maximize");

    /** The direction {@code name} ({@link #DIRECTIONS}) stands for, if it is one. */
    public static java.util.Optional<Direction> direction(String name) {
        return DIRECTIONS.contains(name) ? java.util.Optional.of(Direction.valueOf(name.toUpperCase(Locale.ROOT)))
                : java.util.Optional.empty();
    }

    /** {@code column:minimize}, as the trials table's {@code objectives} column lists it. */
    public String describe() {
        return column + ":" + direction.name().toLowerCase(Locale.ROOT);
    }
}
