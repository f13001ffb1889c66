package io.sparkhpo.executors.schedule;

import java.util.OptionalDouble;

/**
 * A learning-rate schedule: the multiplier η at position t (lr_t = α·η_t; in {@code decoupled} weight decay η_t
 * also scales λ). Positions count {@link Unit}s from 0. Implementations are pure functions of t (some memoize).
 */
public interface Schedule {

    double eta(double t);

    /** The momentum (SGD, RMSprop) or β1 (Adam family) at t, for schedules that cycle it. */
    default OptionalDouble momentum(double t) {
        return OptionalDouble.empty();
    }

    /** The length in epochs of the warm-restart period t falls in, for schedules with restarts. */
    default OptionalDouble restartPeriod(double t) {
        return OptionalDouble.empty();
    }
}
