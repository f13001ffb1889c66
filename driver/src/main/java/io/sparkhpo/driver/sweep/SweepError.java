package io.sparkhpo.driver.sweep;

/** A sweep cannot start because of what the user asked for (not a bug): reported without a stack trace, exit 2. */
public class SweepError extends RuntimeException {
    public SweepError(String message) {
        super(message);
    }
}
