package io.sparkhpo.search.space;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ordered, immutable map from hyperparameter name to {@link Distribution}. The order is the order of
 * definition; samplers draw parameters in this order, so it is part of what makes a sequence reproducible.
 */
public final class SearchSpace {

    private final Map<String, Distribution> params;

    private SearchSpace(Map<String, Distribution> params) {
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Name to distribution, in definition order. */
    public Map<String, Distribution> params() {
        return params;
    }

    public List<String> names() {
        return List.copyOf(params.keySet());
    }

    public Distribution get(String name) {
        Distribution d = params.get(name);
        if (d == null) {
            throw new IllegalArgumentException("SearchSpace has no parameter '" + name + "'; it has " + names());
        }
        return d;
    }

    public boolean isEmpty() {
        return params.isEmpty();
    }

    /**
     * Checks that {@code values} assigns every parameter of this space a value it contains, and nothing else.
     *
     * @throws IllegalArgumentException naming the first offending parameter and value
     */
    public void validate(Map<String, Object> values) {
        for (Map.Entry<String, Distribution> e : params.entrySet()) {
            Object v = values.get(e.getKey());
            if (!e.getValue().contains(v)) {
                throw new IllegalArgumentException("parameter '" + e.getKey() + "' = " + v + " is outside " + e.getValue());
            }
        }
        for (String k : values.keySet()) {
            if (!params.containsKey(k)) {
                throw new IllegalArgumentException("parameter '" + k + "' is not in the search space " + names());
            }
        }
    }

    @Override
    public String toString() {
        return "SearchSpace" + params;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SearchSpace s && s.params.equals(params);
    }

    @Override
    public int hashCode() {
        return params.hashCode();
    }

    /** Builds a {@link SearchSpace}; parameter names must be unique and non-blank. */
    public static final class Builder {
        private final Map<String, Distribution> params = new LinkedHashMap<>();

        public Builder add(String name, Distribution distribution) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("SearchSpace parameter names must be non-blank, got '" + name + "'");
            }
            if (params.putIfAbsent(name, distribution) != null) {
                throw new IllegalArgumentException("SearchSpace already has a parameter '" + name + "'");
            }
            return this;
        }

        public Builder addFloat(String name, double low, double high, boolean log) {
            return add(name, new FloatDistribution(low, high, log));
        }

        public Builder addInt(String name, long low, long high) {
            return add(name, IntDistribution.of(low, high));
        }

        public Builder addCategorical(String name, Object... choices) {
            return add(name, new CategoricalDistribution(List.of(choices)));
        }

        public SearchSpace build() {
            return new SearchSpace(params);
        }
    }
}
