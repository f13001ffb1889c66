package io.sparkhpo.driver.objective;

import io.sparkhpo.driver.tables.TableSchema;
import io.sparkhpo.search.trial.Outcome;

import java.util.List;
import java.util.Map;

/**
 * How the {@link Recorder} turns ended trials into table rows and outcomes: a user objective's layout
 * ({@link ObjectiveRows}) or the built-in training's ({@code builtin.BuiltinRows}).
 */
public interface TrialRows {

    TableSchema trialsTable();

    TableSchema epochsTable();

    /** The trial's row of the trials table. */
    Map<String, Object> trialRow(EndedTrial t);

    /** The trial's rows of the epochs table. */
    List<Map<String, Object>> epochRows(EndedTrial t);

    /** What the study is told of the trial, from its row. */
    Outcome outcome(EndedTrial t, Map<String, Object> row);

    /** How the progress line sums the trial up: its value, or why it did not complete. */
    String summary(EndedTrial t, Map<String, Object> row);

    /**
     * Whether each trial gets parts of its own ({@code StudyTables.tag}: the built-in training's long trials, whose
     * Pareto ranks the analysis rewrites part by part) rather than one part per batch of trials (many short ones).
     */
    default boolean partPerTrial() {
        return false;
    }

    /** How the progress line shows a trial that starts: its values. */
    default String describe(io.sparkhpo.driver.runner.Work work) {
        return ObjectiveRows.show(work.params());
    }

    /** A line for a report of a running trial, or null for none (a user objective's reports are many and short). */
    default String reportLine(int trial, int step, double value, Map<String, Double> metrics) {
        return null;
    }
}
