package io.sparkhpo.driver.study;

/**
 * What the user asked for cannot be done (a bad argument, a missing or foreign study folder, a setting the cluster
 * contradicts), as opposed to a bug or a failure while working: the CLI prints the message without a stack trace
 * and exits with status 2. {@link io.sparkhpo.driver.config.ConfigError} is the kind that names a config file and key.
 */
public class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }
}
