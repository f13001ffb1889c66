package io.sparkhpo.search.storage;

import io.sparkhpo.search.trial.Outcome;
import io.sparkhpo.search.trial.Trial;
import io.sparkhpo.search.trial.TrialSnapshot;

import java.util.List;

/**
 * Keeps a study's trials. Implementations must be thread-safe: a study's driver may record from several
 * threads. Trials are numbered 0, 1, 2, ... in the order {@link #add} is called.
 */
public interface Storage {

    /** Records a newly asked trial as RUNNING; its number must be the next one. */
    void add(Trial trial);

    /**
     * Records how a RUNNING trial ended and returns the finished snapshot.
     *
     * @throws IllegalArgumentException if there is no such trial
     * @throws IllegalStateException    if it already finished
     */
    TrialSnapshot finish(int number, Outcome outcome);

    /** A consistent copy of every trial, in number order. */
    List<TrialSnapshot> trials();
}
