package io.sparkhpo.executors.train;

import java.util.OptionalInt;

/**
 * The GPU the scheduler gave the trial running on this thread (Spark's task resources, set by the task before it
 * trains), for engines that choose their device per session. Empty when none was given.
 */
public final class GpuAssignment {

    private static final ThreadLocal<Integer> ASSIGNED = new ThreadLocal<>();

    private GpuAssignment() {
    }

    /** Sets this thread's GPU; a negative address clears it. */
    public static void set(int address) {
        if (address < 0) {
            ASSIGNED.remove();
        } else {
            ASSIGNED.set(address);
        }
    }

    public static void clear() {
        ASSIGNED.remove();
    }

    public static OptionalInt current() {
        Integer a = ASSIGNED.get();
        return a == null ? OptionalInt.empty() : OptionalInt.of(a);
    }
}
