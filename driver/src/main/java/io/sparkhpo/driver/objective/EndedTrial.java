package io.sparkhpo.driver.objective;

import io.sparkhpo.driver.runner.Done;
import io.sparkhpo.driver.runner.Placement;
import io.sparkhpo.driver.runner.Work;

import java.util.List;
import java.util.Map;

/**
 * A trial that has ended, as {@link TrialLoop} hands it to the {@link Recorder}.
 *
 * @param work     its last work (a PBT member's parameters at the end)
 * @param done     how its last attempt ended
 * @param where    where that attempt ran; null when it ended without running (a PBT member whose source is gone)
 * @param reports  its reports, as epoch rows in {@link ObjectiveTables#EPOCHS}'s layout, in arrival order
 * @param attempts its attempts: {@code executor} and {@code result} ({@code ok}, or why it was run again)
 */
public record EndedTrial(Work work, Done done, Placement where, List<Map<String, Object>> reports,
                         List<Map<String, Object>> attempts) {

    public EndedTrial {
        reports = List.copyOf(reports);
        attempts = List.copyOf(attempts);
    }
}
