package io.sparkhpo.search.storage;

import io.sparkhpo.search.trial.Outcome;
import io.sparkhpo.search.trial.Trial;
import io.sparkhpo.search.trial.TrialSnapshot;

import java.util.ArrayList;
import java.util.List;

/** A {@link Storage} in the heap: lost with the process. Thread-safe by a single lock. */
public final class InMemoryStorage implements Storage {

    private final List<TrialSnapshot> trials = new ArrayList<>();

    @Override
    public synchronized void add(Trial trial) {
        if (trial.number() != trials.size()) {
            throw new IllegalArgumentException("InMemoryStorage: next trial number is " + trials.size() + ", got "
                    + trial.number());
        }
        trials.add(TrialSnapshot.running(trial));
    }

    @Override
    public synchronized TrialSnapshot finish(int number, Outcome outcome) {
        if (number < 0 || number >= trials.size()) {
            throw new IllegalArgumentException("InMemoryStorage: no trial " + number + " (there are " + trials.size() + ")");
        }
        TrialSnapshot current = trials.get(number);
        if (current.state().isFinished()) {
            throw new IllegalStateException("InMemoryStorage: trial " + number + " already finished as " + current.state());
        }
        TrialSnapshot done = current.finish(outcome);
        trials.set(number, done);
        return done;
    }

    @Override
    public synchronized List<TrialSnapshot> trials() {
        return List.copyOf(trials);
    }
}
