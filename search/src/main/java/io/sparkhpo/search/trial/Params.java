package io.sparkhpo.search.trial;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Order-preserving immutable copies of parameter maps ({@code Map.copyOf} loses the order). */
public final class Params {
    private Params() {
    }

    public static Map<String, Object> copyOf(Map<String, Object> params) {
        for (Map.Entry<String, Object> e : params.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException("parameter names and values must not be null, got " + e);
            }
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }
}
