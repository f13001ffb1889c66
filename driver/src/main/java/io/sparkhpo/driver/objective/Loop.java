package io.sparkhpo.driver.objective;

import io.sparkhpo.driver.runner.TrialBroker;

import java.util.List;
import java.util.Map;

/** A user objective's sweep loop as {@link ObjectiveSweep} drives it: trials sampled and pruned, or a PBT population. */
interface Loop extends TrialBroker {

    /**
     * Waits up to {@code millis} for every trial to end.
     *
     * @return whether they have
     */
    boolean awaitEnd(long millis) throws InterruptedException;

    /** Ends the loop now: runners asking for work are told to stop. */
    void abort();

    /** PBT's exploits, as rows of the {@code pbt} table; none for sampled trials. */
    default List<Map<String, Object>> exploits() {
        return List.of();
    }

    /** Removes what the loop kept beside the trials' own checkpoints (PBT's boundary checkpoints). */
    default void deleteCheckpoints() {
    }
}
