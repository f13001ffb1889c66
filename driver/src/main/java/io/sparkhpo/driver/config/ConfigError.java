package io.sparkhpo.driver.config;

/**
 * A configuration file is wrong: the message names the file (and line, when known), the key and the value, e.g.
 * {@code conf/q.conf:12: training.epochs must be an integer >= 1, got 0}.
 */
public class ConfigError extends RuntimeException {

    private final String key;

    public ConfigError(String location, String key, String problem) {
        super(location + ": " + problem);
        this.key = key;
    }

    /** The offending key path, e.g. {@code training.epochs}. */
    public String key() {
        return key;
    }
}
