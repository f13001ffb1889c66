package io.sparkhpo.executors.schedule;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A schedule as configured: its name, stepping unit, parameters (config keys to Double, Boolean, String or
 * List&lt;Double&gt;) and, for {@code sequential} and {@code chained}, its parts. Validated by
 * {@link Schedules#validate}; serializable, so it travels in a trial's spec.
 */
public record ScheduleSpec(String name, Unit unit, Map<String, Object> params, List<ScheduleSpec> parts)
        implements Serializable {

    public ScheduleSpec {
        Objects.requireNonNull(name, "ScheduleSpec.name");
        Objects.requireNonNull(unit, "ScheduleSpec.unit");
        params = Map.copyOf(params);
        parts = List.copyOf(parts);
    }

    public static final ScheduleSpec CONSTANT = new ScheduleSpec("constant", Unit.EPOCH, Map.of(), List.of());

    public static ScheduleSpec of(String name, Unit unit, Map<String, Object> params) {
        return new ScheduleSpec(name, unit, params, List.of());
    }

    /** A compact text form for tables and logs, e.g. {@code cosine(t_max=30)}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(name);
        java.util.TreeMap<String, Object> sorted = new java.util.TreeMap<>(params);
        if (!sorted.isEmpty() || !parts.isEmpty()) {
            sb.append('(');
            String sep = "";
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                sb.append(sep).append(e.getKey()).append('=').append(e.getValue());
                sep = ", ";
            }
            for (ScheduleSpec p : parts) {
                sb.append(sep).append(p.describe());
                sep = ", ";
            }
            sb.append(')');
        }
        if (unit == Unit.ITERATION) {
            sb.append(" per iteration");
        }
        return sb.toString();
    }
}
