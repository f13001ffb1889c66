package io.sparkhpo.search.storage;

import io.sparkhpo.search.trial.Outcome;
import io.sparkhpo.search.trial.Trial;
import io.sparkhpo.search.trial.TrialSnapshot;

import java.util.List;
import java.util.Map;

/** A {@link Storage} in the heap: lost with the process. Thread-safe by a single lock. */
public final class InMemoryStorage implements Storage {

    private final StudyState state = new StudyState("InMemoryStorage");

    @Override
    public synchronized void add(Trial trial, boolean fromQueue) {
        state.add(trial, fromQueue);
    }

    @Override
    public synchronized TrialSnapshot report(int number, int step, double value) {
        return state.report(number, step, value);
    }

    @Override
    public synchronized TrialSnapshot finish(int number, Outcome outcome) {
        return state.finish(number, outcome);
    }

    @Override
    public synchronized List<TrialSnapshot> trials() {
        return state.trials();
    }

    @Override
    public synchronized void enqueue(Map<String, Object> params) {
        state.enqueue(params);
    }

    @Override
    public synchronized List<Map<String, Object>> queued() {
        return state.queued();
    }
}
