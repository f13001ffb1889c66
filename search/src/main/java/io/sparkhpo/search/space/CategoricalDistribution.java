package io.sparkhpo.search.space;

import java.util.HashSet;
import java.util.List;

/**
 * A hyperparameter that takes one of a fixed list of choices, each equally likely under random sampling.
 *
 * @param choices non-empty, distinct; each a {@code String}, {@code Double}, {@code Long} or {@code Boolean}
 */
public record CategoricalDistribution(List<Object> choices) implements Distribution {

    public CategoricalDistribution {
        if (choices == null || choices.isEmpty()) {
            throw new IllegalArgumentException("CategoricalDistribution.choices must not be empty");
        }
        for (Object c : choices) {
            if (!(c instanceof String || c instanceof Double || c instanceof Long || c instanceof Boolean)) {
                throw new IllegalArgumentException("CategoricalDistribution.choices must be strings, numbers or "
                        + "booleans, got " + c + (c == null ? "" : " (" + c.getClass().getSimpleName() + ")"));
            }
        }
        if (new HashSet<>(choices).size() != choices.size()) {
            throw new IllegalArgumentException("CategoricalDistribution.choices must be distinct, got " + choices);
        }
        choices = List.copyOf(choices);
    }

    @Override
    public boolean contains(Object value) {
        return choices.contains(value);
    }

    @Override
    public Object fromUnit(double u) {
        int i = (int) Math.min(choices.size() - 1, Math.floor(u * choices.size()));
        return choices.get(i);
    }

    @Override
    public double toUnit(Object value) {
        int i = choices.indexOf(value);
        if (i < 0) {
            throw new IllegalArgumentException("CategoricalDistribution: " + value + " is not one of " + choices);
        }
        return (i + 0.5) / choices.size();
    }

    @Override
    public List<Object> grid(int points) {
        return choices;
    }
}
