package io.sparkhpo.search.space;

import java.util.List;
import java.util.Objects;

/**
 * When a conditional hyperparameter exists: only while {@code parent} is itself active and takes one of
 * {@code values} (e.g. {@code nus} only when {@code optimizer} is {@code qhadam}). Immutable.
 *
 * @param parent name of a parameter defined earlier in the same space
 * @param values the parent's values that switch this parameter on; non-empty
 */
public record Condition(String parent, List<Object> values) {

    public Condition {
        Objects.requireNonNull(parent, "Condition.parent");
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("Condition.values must not be empty (parent '" + parent + "')");
        }
        values = List.copyOf(values);
    }

    public static Condition of(String parent, Object... values) {
        return new Condition(parent, List.of(values));
    }

    /** Whether the parent's value {@code v} switches the parameter on. */
    public boolean holds(Object v) {
        return v != null && values.contains(v);
    }

    @Override
    public String toString() {
        return parent + " in " + values;
    }
}
