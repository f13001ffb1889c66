package io.sparkhpo.search.trial;

/** Life cycle of a trial: {@code RUNNING} until told, then one of the three finished states. */
public enum TrialState {
    RUNNING, COMPLETE, PRUNED, FAILED;

    public boolean isFinished() {
        return this != RUNNING;
    }
}
