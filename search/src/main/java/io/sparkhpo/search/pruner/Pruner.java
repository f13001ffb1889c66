package io.sparkhpo.search.pruner;

import io.sparkhpo.search.trial.TrialHistory;
import io.sparkhpo.search.trial.TrialSnapshot;

/**
 * Decides whether a RUNNING trial should stop, from the intermediate values it and the other trials reported
 * (e.g. test error after each epoch). Pruners keep no state of their own: everything they decide on is in the
 * history, so a resumed study prunes as the uninterrupted one would, and parallel trials are judged on what the
 * others reported so far (asynchronously, as ASHA does).
 */
public interface Pruner {

    /**
     * @param history every trial of the study, with the study's direction
     * @param trial   the RUNNING trial to judge, with its intermediate values so far
     */
    boolean prune(TrialHistory history, TrialSnapshot trial);

    /** Never prunes. */
    Pruner NONE = new Pruner() {
        @Override
        public boolean prune(TrialHistory history, TrialSnapshot trial) {
            return false;
        }

        @Override
        public String toString() {
            return "NopPruner";
        }
    };
}
