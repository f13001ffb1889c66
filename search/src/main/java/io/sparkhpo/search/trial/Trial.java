package io.sparkhpo.search.trial;

import java.util.Map;

/**
 * A trial handed out by {@code ask()}: its number (0, 1, 2, ... in ask order) and its parameters, in the
 * search space's order. Immutable.
 */
public record Trial(int number, Map<String, Object> params) {
    public Trial {
        if (number < 0) {
            throw new IllegalArgumentException("Trial.number must be >= 0, got " + number);
        }
        params = Params.copyOf(params);
    }
}
