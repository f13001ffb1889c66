package io.sparkhpo.driver.runner;

import io.sparkhpo.api.TrialContext;

/**
 * What sparkhpo's own objectives (the built-in training) get from a runner beside the public {@link TrialContext}:
 * attributes under {@link Done#INTERNAL} that travel with the trial's end to the driver's table rows, not to the
 * user's.
 */
public interface RunnerContext extends TrialContext {

    /** Sets an attribute whose key starts with {@link Done#INTERNAL}. */
    void setInternalAttr(String key, Object value);

    /**
     * Thrown by an objective for a failure that may pass (an I/O error on the way to its checkpoint): the attempt
     * ends as RETRY and the trial runs again, from its checkpoint, within {@code search.max_trial_retries}.
     */
    final class Retry extends RuntimeException {
        public Retry(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
