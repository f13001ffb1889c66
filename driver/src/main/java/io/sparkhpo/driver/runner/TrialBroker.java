package io.sparkhpo.driver.runner;

import java.util.Map;
import java.util.Optional;

/**
 * The driver's side of the trials the runners run: what to run next, the pruner's verdict on a report, and how
 * each attempt ended. Called from the server's connection threads, concurrently: implementations synchronize.
 */
public interface TrialBroker {

    /**
     * The next trial to run; blocks while every trial is handed out but some are still running (one may come back,
     * its runner lost). Empty when the sweep has nothing more to run: the runner stops.
     */
    Optional<Work> next(Placement runner) throws InterruptedException;

    /** What becomes of a trial after one of its reports. */
    enum Verdict {
        /** go on */
        CONTINUE,
        /** stop: pruned, recorded PRUNED at this step */
        PRUNE,
        /** stop here and end this run of the objective (PBT): the trial goes on later from a checkpoint */
        PAUSE
    }

    /** A report of a running trial: kept for the epochs table and judged by the pruner (or PBT). */
    Verdict report(Work work, int step, double value, Map<String, Double> metrics, double seconds);

    /** How an attempt ended. */
    void done(Work work, Done done, Placement where);

    /** The runner of {@code work} went away before it ended (its executor lost, its task killed). */
    void lost(Work work, Placement where, String why);
}
