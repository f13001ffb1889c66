package io.sparkhpo.search.trial;

/** Whether a study looks for the smallest or the largest objective value. */
public enum Direction {
    MINIMIZE, MAXIMIZE;

    /** Whether {@code a} is strictly better than {@code b} in this direction. */
    public boolean better(double a, double b) {
        return this == MINIMIZE ? a < b : a > b;
    }
}
