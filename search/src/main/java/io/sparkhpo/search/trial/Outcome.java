package io.sparkhpo.search.trial;

import java.util.List;
import java.util.Objects;

/** How a trial ended, as told to the study. */
public sealed interface Outcome {

    TrialState state();

    /**
     * The trial ran to the end; {@code values} are its objectives (one per direction of a multi-objective study),
     * each finite.
     */
    record Complete(List<Double> values) implements Outcome {
        public Complete {
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("Outcome.Complete.values must hold at least one value");
            }
            for (Double v : values) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("Outcome.Complete.value must be finite, got " + v
                            + "; tell a diverged trial as Failed");
                }
            }
        }

        /** A single-objective result. */
        public Complete(double value) {
            this(List.of(value));
        }

        /** The (first) objective. */
        public double value() {
            return values.get(0);
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
