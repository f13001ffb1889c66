package io.sparkhpo.executors.train;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a trial's run returns to the driver.
 *
 * @param number      the trial's number
 * @param state       how it ended
 * @param epochs      every epoch that finished, in order (a diverged epoch is not among them)
 * @param message     why it diverged or failed; {@code null} when COMPLETE (see {@link #error()})
 * @param wallSeconds wall time of the whole run, data loading included
 * @param parameters  trainable parameters of the model, 0 if it was never built
 * @param swa         the weight-averaged model's evaluation; {@code null} without SWA (see {@link #swaOption()})
 */
public record TrialResult(int number, RunState state, List<EpochMetrics> epochs, String message, double wallSeconds,
                          long parameters, Evaluation swa) implements Serializable {

    public TrialResult {
        Objects.requireNonNull(state, "TrialResult.state");
        epochs = List.copyOf(epochs);
        if ((state == RunState.COMPLETE) != (message == null)) {
            throw new IllegalArgumentException("TrialResult.message must be set exactly when the state is not "
                    + "COMPLETE, got " + state + " with message " + message);
        }
    }

    /** A result that ended before or without a weight-averaged model. */
    public static TrialResult of(int number, RunState state, List<EpochMetrics> epochs, String message,
                                 double wallSeconds, long parameters) {
        return new TrialResult(number, state, epochs, message, wallSeconds, parameters, null);
    }

    public Optional<String> error() {
        return Optional.ofNullable(message);
    }

    public Optional<Evaluation> swaOption() {
        return Optional.ofNullable(swa);
    }

    /** Test error after the last finished epoch. */
    public OptionalDouble finalTestError() {
        return epochs.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(epochs.get(epochs.size() - 1).testError());
    }

    /** Lowest test error over the finished epochs. */
    public OptionalDouble bestTestError() {
        return epochs.stream().mapToDouble(EpochMetrics::testError).min();
    }

    /** Training loss of the last finished epoch. */
    public OptionalDouble finalTrainLoss() {
        return epochs.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(epochs.get(epochs.size() - 1).trainLoss());
    }
}
