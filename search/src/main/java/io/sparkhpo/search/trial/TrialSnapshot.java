package io.sparkhpo.search.trial;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A frozen view of one trial, as Optuna's {@code FrozenTrial}: never changes after it is made.
 *
 * @param number  the trial's number
 * @param state   its state when the snapshot was taken
 * @param params  its parameters
 * @param value   the objective, present only for {@link TrialState#COMPLETE}
 * @param message why it failed, present only for {@link TrialState#FAILED}
 */
public record TrialSnapshot(int number, TrialState state, Map<String, Object> params, OptionalDouble value,
                            Optional<String> message) {

    public TrialSnapshot {
        Objects.requireNonNull(state, "TrialSnapshot.state");
        params = Params.copyOf(params);
        if (value.isPresent() != (state == TrialState.COMPLETE)) {
            throw new IllegalArgumentException("TrialSnapshot.value must be present exactly when state is COMPLETE, got "
                    + state + " with value " + value);
        }
    }

    public static TrialSnapshot running(Trial trial) {
        return new TrialSnapshot(trial.number(), TrialState.RUNNING, trial.params(), OptionalDouble.empty(),
                Optional.empty());
    }

    /** This trial after {@code outcome}. */
    public TrialSnapshot finish(Outcome outcome) {
        if (outcome instanceof Outcome.Complete c) {
            return new TrialSnapshot(number, TrialState.COMPLETE, params, OptionalDouble.of(c.value()), Optional.empty());
        }
        if (outcome instanceof Outcome.Pruned p) {
            return new TrialSnapshot(number, TrialState.PRUNED, params, OptionalDouble.empty(),
                    Optional.of("pruned after step " + p.step()));
        }
        Outcome.Failed f = (Outcome.Failed) outcome;
        return new TrialSnapshot(number, TrialState.FAILED, params, OptionalDouble.empty(), Optional.of(f.reason()));
    }
}
