package io.sparkhpo.driver.study;

/**
 * A run failed while working, for a reason its message explains (a diverged loss, say), not because of bad input:
 * the CLI prints the message without a stack trace and exits with status 1.
 */
public class RunFailure extends RuntimeException {
    public RunFailure(String message) {
        super(message);
    }
}
