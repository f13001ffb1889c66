package io.sparkhpo.search.space;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ordered, immutable map from hyperparameter name to {@link Distribution}, with optional
 * {@link Condition}s that make a parameter exist only for some values of an earlier one. The order is the order of
 * definition; samplers draw parameters in this order, so it is part of what makes a sequence reproducible.
 *
 * <p>A trial's parameters hold exactly its <em>active</em> parameters: those without a condition, and those
 * whose condition holds for the trial's value of the (itself active) parent.
 */
public final class SearchSpace {

    private final Map<String, Distribution> params;
    private final Map<String, Condition> conditions;

    private SearchSpace(Map<String, Distribution> params, Map<String, Condition> conditions) {
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        this.conditions = Collections.unmodifiableMap(new LinkedHashMap<>(conditions));
    }

    /** Name to condition, for the conditional parameters only. */
    public Map<String, Condition> conditions() {
        return conditions;
    }

    public boolean isConditional() {
        return !conditions.isEmpty();
    }

    /**
     * Whether {@code name} is active given the values chosen so far for the parameters before it (in a
     * sampler's loop) or for all of them (a finished trial).
     */
    public boolean isActive(String name, Map<String, Object> values) {
        Condition c = conditions.get(name);
        if (c == null) {
            return true;
        }
        return isActive(c.parent(), values) && c.holds(values.get(c.parent()));
    }

    /** The active subset of {@code values}, in the space's order (drops values of inactive parameters). */
    public Map<String, Object> activeOnly(Map<String, Object> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name : params.keySet()) {
            if (values.containsKey(name) && isActive(name, values)) {
                out.put(name, values.get(name));
            }
        }
        return out;
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
     * Checks that {@code values} assigns every active parameter of this space a value it contains, and nothing
     * else (no inactive or unknown parameters).
     *
     * @throws IllegalArgumentException naming the first offending parameter and value
     */
    public void validate(Map<String, Object> values) {
        for (Map.Entry<String, Distribution> e : params.entrySet()) {
            boolean active = isActive(e.getKey(), values);
            Object v = values.get(e.getKey());
            if (!active) {
                if (values.containsKey(e.getKey())) {
                    throw new IllegalArgumentException("parameter '" + e.getKey() + "' = " + v + " is given but inactive: it exists only when "
                            + conditions.get(e.getKey()));
                }
                continue;
            }
            if (v == null) {
                throw new IllegalArgumentException("parameter '" + e.getKey() + "' is missing");
            }
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
        return "SearchSpace" + params + (conditions.isEmpty() ? "" : " when " + conditions);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SearchSpace s && s.params.equals(params) && s.conditions.equals(conditions);
    }

    @Override
    public int hashCode() {
        return params.hashCode() * 31 + conditions.hashCode();
    }

    /** Builds a {@link SearchSpace}; parameter names must be unique and non-blank. */
    public static final class Builder {
        private final Map<String, Distribution> params = new LinkedHashMap<>();
        private final Map<String, Condition> conditions = new LinkedHashMap<>();

        public Builder add(String name, Distribution distribution) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("SearchSpace parameter names must be non-blank, got '" + name + "'");
            }
            java.util.Objects.requireNonNull(distribution, "SearchSpace distribution of '" + name + "'");
            if (params.putIfAbsent(name, distribution) != null) {
                throw new IllegalArgumentException("SearchSpace already has a parameter '" + name + "'");
            }
            return this;
        }

        /**
         * A parameter that exists only when {@code condition} holds. The parent must be defined before it, and each
         * of the condition's values must be one the parent can take.
         */
        public Builder add(String name, Distribution distribution, Condition condition) {
            Distribution parent = params.get(condition.parent());
            if (parent == null) {
                throw new IllegalArgumentException("SearchSpace: the condition of '" + name + "' names '" + condition.parent()
                        + "', which must be defined before it; defined so far: " + params.keySet());
            }
            for (Object v : condition.values()) {
                if (!parent.contains(v)) {
                    throw new IllegalArgumentException("SearchSpace: the condition of '" + name + "' needs " + condition.parent()
                            + " = " + v + ", a value " + parent + " never takes");
                }
            }
            add(name, distribution);
            conditions.put(name, condition);
            return this;
        }

        /** A parameter with one value (Optuna's fixed parameters): recorded with every trial, never searched. */
        public Builder addFixed(String name, Object value) {
            return add(name, new CategoricalDistribution(List.of(value)));
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
            return new SearchSpace(params, conditions);
        }
    }
}
