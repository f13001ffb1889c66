package io.sparkhpo.search.trial;

import java.util.List;

/**
 * The read-only view of a study's trials that samplers and pruners get. Implementations return a consistent
 * snapshot: the list does not change after it is returned.
 */
public interface TrialHistory {

    /** Every trial asked so far, in number order. */
    List<TrialSnapshot> trials();

    /** An empty history, for a sampler asked outside a study. */
    static TrialHistory empty() {
        return List::of;
    }
}
