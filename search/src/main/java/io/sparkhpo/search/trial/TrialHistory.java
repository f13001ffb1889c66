package io.sparkhpo.search.trial;


import java.util.List;

/**
 * The read-only view of a study's trials that samplers and pruners get. Implementations return a consistent
 * snapshot: the list does not change after it is returned.
 */
public interface TrialHistory {

    /**
     * Every trial asked so far, in number order; in a warm-started study ({@code Study.warmStart}) the earlier studies'
     * trials come first, numbered -1, -2, ...
     */
    List<TrialSnapshot> trials();

    /** Whether smaller or larger values are better; samplers and pruners read it from here. */
    default Direction direction() {
        return Direction.MINIMIZE;
    }

    /** Every objective's direction: one for a single-objective study (then {@link #direction()}). */
    default List<Direction> directions() {
        return List.of(direction());
    }

    /** An empty history, for a sampler asked outside a study. */
    static TrialHistory empty() {
        return List::of;
    }

    /** A fixed list of trials, with a direction. */
    static TrialHistory of(List<TrialSnapshot> trials, Direction direction) {
        return of(trials, List.of(direction));
    }

    /** A fixed list of trials, with one direction per objective. */
    static TrialHistory of(List<TrialSnapshot> trials, List<Direction> directions) {
        List<TrialSnapshot> copy = List.copyOf(trials);
        List<Direction> dirs = List.copyOf(directions);
        return new TrialHistory() {
            @Override
            public List<TrialSnapshot> trials() {
                return copy;
            }

            @Override
            public Direction direction() {
                return dirs.get(0);
            }

            @Override
            public List<Direction> directions() {
                return dirs;
            }
        };
    }
}
