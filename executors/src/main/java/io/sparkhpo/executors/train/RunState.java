package io.sparkhpo.executors.train;

/** How a trial's training ended, as the executor sees it. */
public enum RunState {
    /** Every epoch trained and evaluated. */
    COMPLETE,
    /** The training loss became NaN or infinite; training stopped at once. */
    DIVERGED,
    /** Something threw; the message says what. */
    FAILED,
    /** A pruner stopped it between epochs; the message says where (set by the driver, never by an executor). */
    PRUNED
}
