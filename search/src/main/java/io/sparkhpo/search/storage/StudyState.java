package io.sparkhpo.search.storage;

import io.sparkhpo.search.trial.Outcome;
import io.sparkhpo.search.trial.Params;
import io.sparkhpo.search.trial.Trial;
import io.sparkhpo.search.trial.TrialSnapshot;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The state machine both storages share: every change is one of five events, so a journal replays exactly what
 * the in-memory storage did. Not thread-safe; storages lock around it.
 */
final class StudyState {

    private final String owner;
    private final List<TrialSnapshot> trials = new ArrayList<>();
    private final List<Map<String, Object>> queue = new ArrayList<>();
    final Deque<Integer> orphans = new ArrayDeque<>();

    StudyState(String owner) {
        this.owner = owner;
    }

    void add(Trial trial, boolean fromQueue) {
        if (trial.number() != trials.size()) {
            throw new IllegalArgumentException(owner + ": next trial number is " + trials.size() + ", got " + trial.number());
        }
        if (fromQueue) {
            if (queue.isEmpty()) {
                throw new IllegalStateException(owner + ": trial " + trial.number() + " is said to come from the queue, which is empty");
            }
            if (!queue.get(0).equals(trial.params())) {
                throw new IllegalArgumentException(owner + ": trial " + trial.number() + " has " + trial.params()
                        + " but the head of the queue is " + queue.get(0));
            }
            queue.remove(0);
        }
        trials.add(TrialSnapshot.running(trial));
    }

    TrialSnapshot report(int number, int step, double value) {
        TrialSnapshot t = get(number).report(step, value);
        trials.set(number, t);
        return t;
    }

    TrialSnapshot finish(int number, Outcome outcome) {
        TrialSnapshot current = get(number);
        if (current.state().isFinished()) {
            throw new IllegalStateException(owner + ": trial " + number + " already finished as " + current.state());
        }
        TrialSnapshot done = current.finish(outcome);
        trials.set(number, done);
        orphans.remove(number);
        return done;
    }

    void enqueue(Map<String, Object> params) {
        queue.add(Params.copyOf(params));
    }

    void retry(int number) {
        TrialSnapshot t = get(number);
        if (t.state().isFinished()) {
            throw new IllegalStateException(owner + ": trial " + number + " is " + t.state() + ", not RUNNING; it cannot be retried");
        }
        trials.set(number, t.restart());
        orphans.remove(number);
    }

    TrialSnapshot get(int number) {
        if (number < 0 || number >= trials.size()) {
            throw new IllegalArgumentException(owner + ": no trial " + number + " (there are " + trials.size() + ")");
        }
        return trials.get(number);
    }

    List<TrialSnapshot> trials() {
        return List.copyOf(trials);
    }

    List<Map<String, Object>> queued() {
        return List.copyOf(queue);
    }
}
