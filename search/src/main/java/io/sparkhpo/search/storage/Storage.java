package io.sparkhpo.search.storage;

import io.sparkhpo.search.trial.Outcome;
import io.sparkhpo.search.trial.Trial;
import io.sparkhpo.search.trial.TrialSnapshot;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Keeps a study's trials, its queue of enqueued parameter sets, and the trials left RUNNING by a process that
 * died. Implementations must be thread-safe: a study's driver may record from several threads. Trials are
 * numbered 0, 1, 2, ... in the order {@link #add} is called.
 */
public interface Storage {

    /**
     * Records a newly asked trial as RUNNING; its number must be the next one. With {@code fromQueue}, the trial
     * takes the head of the queue (its parameters must be that entry's), in the same record.
     */
    void add(Trial trial, boolean fromQueue);

    /** {@code add(trial, false)}. */
    default void add(Trial trial) {
        add(trial, false);
    }

    /** Records an intermediate value of a RUNNING trial; returns the updated snapshot. */
    TrialSnapshot report(int number, int step, double value);

    /**
     * Records how a RUNNING trial ended and returns the finished snapshot.
     *
     * @throws IllegalArgumentException if there is no such trial
     * @throws IllegalStateException    if it already finished
     */
    TrialSnapshot finish(int number, Outcome outcome);

    /** A consistent copy of every trial, in number order. */
    List<TrialSnapshot> trials();

    /** Adds a parameter set for a future {@code ask()} (Optuna's {@code enqueue_trial}). */
    void enqueue(Map<String, Object> params);

    /** The enqueued parameter sets not yet asked, oldest first. */
    List<Map<String, Object>> queued();

    /**
     * Takes one trial that a dead process left RUNNING, if the storage was opened to retry them: it stays RUNNING
     * under its number and parameters, with its intermediate values cleared, and is handed out again.
     */
    default OptionalInt takeOrphan() {
        return OptionalInt.empty();
    }
}
