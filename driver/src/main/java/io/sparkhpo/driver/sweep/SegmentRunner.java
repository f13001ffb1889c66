package io.sparkhpo.driver.sweep;

import io.sparkhpo.search.trial.Trial;

/**
 * Runs one segment of a trial (epochs {@code [from, to)} through its checkpoint, or the whole trial) somewhere and
 * says how it ended: {@link Dispatcher} as a one-task Spark job; a test's fake without Spark. Called from several
 * threads at once.
 */
interface SegmentRunner {

    /** Never throws for the trial's own failure: a failed segment is a FAILED result. */
    Dispatcher.Finished runJob(Trial trial, Segment segment);
}
