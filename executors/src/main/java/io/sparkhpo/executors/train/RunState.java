package io.sparkhpo.executors.train;

/**
 * How a trial's training ended, as the executor sees it; also the trials tables' {@code state} column (a user
 * objective's trials end COMPLETE, PRUNED or FAILED), which every reader compares through {@link #isComplete}.
 */
public enum RunState {
    /** Every epoch trained and evaluated. */
    COMPLETE,
    /** The training loss became NaN or infinite; training stopped at once. */
    DIVERGED,
    /** Something threw; the message says what. */
    FAILED,
    /** A pruner stopped it between epochs; the message says where (set by the driver, never by an executor). */
    PRUNED;

    /** Whether a trials table's {@code state} value says COMPLETE. */
    public static boolean isComplete(Object state) {
        return COMPLETE.name().equals(state);
    }
}
