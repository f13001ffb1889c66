package io.sparkhpo.search.trial;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * A frozen view of one trial, as Optuna's {@code FrozenTrial}: never changes after it is made.
 *
 * @param number       the trial's number
 * @param state        its state when the snapshot was taken
 * @param params       its (active) parameters
 * @param value        the objective, present only for {@link TrialState#COMPLETE}
 * @param message      why it failed or where it was pruned, for {@link TrialState#FAILED} and {@link TrialState#PRUNED}
 * @param intermediate intermediate values reported so far, by step (e.g. test error after each epoch)
 * @param values       every objective of a COMPLETE trial (one for a single-objective study; the first is
 *                     {@code value}); empty otherwise
 */
public record TrialSnapshot(int number, TrialState state, Map<String, Object> params, OptionalDouble value,
                            Optional<String> message, NavigableMap<Integer, Double> intermediate, List<Double> values) {

    public TrialSnapshot {
        Objects.requireNonNull(state, "TrialSnapshot.state");
        params = Params.copyOf(params);
        if (value.isPresent() != (state == TrialState.COMPLETE)) {
            throw new IllegalArgumentException("TrialSnapshot.value must be present exactly when state is COMPLETE, got "
                    + state + " with value " + value);
        }
        intermediate = Collections.unmodifiableNavigableMap(new TreeMap<>(intermediate));
        values = List.copyOf(values);
        if (value.isPresent() ? values.isEmpty() || values.get(0) != value.getAsDouble() : !values.isEmpty()) {
            throw new IllegalArgumentException("TrialSnapshot.values must start with value when COMPLETE and be empty "
                    + "otherwise, got " + values + " with value " + value);
        }
    }

    /** A snapshot with at most one objective. */
    public TrialSnapshot(int number, TrialState state, Map<String, Object> params, OptionalDouble value,
                         Optional<String> message, NavigableMap<Integer, Double> intermediate) {
        this(number, state, params, value, message, intermediate,
                value.isPresent() ? List.of(value.getAsDouble()) : List.of());
    }

    public TrialSnapshot(int number, TrialState state, Map<String, Object> params, OptionalDouble value,
                         Optional<String> message) {
        this(number, state, params, value, message, new TreeMap<>());
    }

    public static TrialSnapshot running(Trial trial) {
        return new TrialSnapshot(trial.number(), TrialState.RUNNING, trial.params(), OptionalDouble.empty(),
                Optional.empty());
    }

    /** This trial after {@code outcome}. */
    public TrialSnapshot finish(Outcome outcome) {
        if (outcome instanceof Outcome.Complete c) {
            return new TrialSnapshot(number, TrialState.COMPLETE, params, OptionalDouble.of(c.value()), Optional.empty(),
                    intermediate, c.values());
        }
        if (outcome instanceof Outcome.Pruned p) {
            return new TrialSnapshot(number, TrialState.PRUNED, params, OptionalDouble.empty(),
                    Optional.of("pruned after step " + p.step()), intermediate);
        }
        Outcome.Failed f = (Outcome.Failed) outcome;
        return new TrialSnapshot(number, TrialState.FAILED, params, OptionalDouble.empty(), Optional.of(f.reason()),
                intermediate);
    }

    /** This RUNNING trial with {@code value} reported at {@code step} (a later report of a step replaces it). */
    public TrialSnapshot report(int step, double value) {
        if (state.isFinished()) {
            throw new IllegalStateException("trial " + number + " is " + state + "; only RUNNING trials report values");
        }
        if (step < 0) {
            throw new IllegalArgumentException("trial " + number + ": step must be >= 0, got " + step);
        }
        TreeMap<Integer, Double> next = new TreeMap<>(intermediate);
        next.put(step, value);
        return new TrialSnapshot(number, state, params, value(), message, next, values);
    }

    /** This trial RUNNING again with no intermediate values: a retry of a trial whose process died. */
    public TrialSnapshot restart() {
        return new TrialSnapshot(number, TrialState.RUNNING, params, OptionalDouble.empty(), Optional.empty());
    }

    /** The last step reported, if any. */
    public OptionalInt lastStep() {
        return intermediate.isEmpty() ? OptionalInt.empty() : OptionalInt.of(intermediate.lastKey());
    }
}
