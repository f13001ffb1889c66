package io.sparkhpo.driver.runner;

import java.util.Map;

/**
 * A trial handed to a runner: its number, which attempt this is (0 first; n after n lost runners), its seed and
 * its parameters.
 */
public record Work(int trial, int attempt, long seed, Map<String, Object> params) {

    public Work {
        params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    }

    public Work nextAttempt() {
        return new Work(trial, attempt + 1, seed, params);
    }
}
