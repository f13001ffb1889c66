package io.sparkhpo.search.trial;

import java.util.Objects;

/** How a trial ended, as told to the study. */
public sealed interface Outcome {

    TrialState state();

    /** The trial ran to the end; {@code value} is its objective and must be finite. */
    record Complete(double value) implements Outcome {
        public Complete {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("Outcome.Complete.value must be finite, got " + value
                        + "; tell a diverged trial as Failed");
            }
        }

        @Override
        public TrialState state() {
            return TrialState.COMPLETE;
        }
    }

    /** A pruner stopped the trial after {@code step} (e.g. an epoch index). */
    record Pruned(int step) implements Outcome {
        public Pruned {
            if (step < 0) {
                throw new IllegalArgumentException("Outcome.Pruned.step must be >= 0, got " + step);
            }
        }

        @Override
        public TrialState state() {
            return TrialState.PRUNED;
        }
    }

    /** The trial could not produce a value; {@code reason} says why. */
    record Failed(String reason) implements Outcome {
        public Failed {
            Objects.requireNonNull(reason, "Outcome.Failed.reason");
        }

        @Override
        public TrialState state() {
            return TrialState.FAILED;
        }
    }
}
