package io.sparkhpo.executors.schedule;

import io.sparkhpo.search.registry.Param;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A registered schedule, declared once in {@code ScheduleTypes}: its config name, its PyTorch counterpart and
 * notes ({@code doc}, for the docs' schedule table, which is generated from these declarations), the unit it steps in
 * by default, whether it may be a part of {@code sequential}/{@code chained}, its parameters (PyTorch's names in
 * snake case, with defaults and constraints; {@code derived} ones default to the run's length), and how its
 * {@link Schedule} is built. {@link Schedules#types()} lists them all; a new schedule is its curve plus one entry.
 */
public record ScheduleType(String name, String doc, Unit defaultUnit, boolean composable, Set<String> derived,
                           List<Param> params, Function<Args, Schedule> builder) {

    /** What a builder reads: the spec's values (defaults filled in), the base lr, the run's length, the parts. */
    public record Args(ScheduleType type, ScheduleSpec spec, double baseLr, Schedules.Horizon horizon) {

        Object value(String key) {
            Object v = spec.params().get(key);
            if (v != null) {
                return v;
            }
            return type.params().stream().filter(p -> p.key().equals(key)).findFirst().flatMap(Param::defaultValue).orElse(null);
        }

        double num(String key) {
            return ((Number) value(key)).doubleValue();
        }

        Optional<Double> opt(String key) {
            return Optional.ofNullable((Number) spec.params().get(key)).map(Number::doubleValue);
        }

        boolean bool(String key) {
            return (Boolean) value(key);
        }

        String str(String key) {
            return (String) value(key);
        }

        double[] list(String key) {
            return ((List<?>) spec.params().get(key)).stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
        }

        /** The run's length in the schedule's unit. */
        double length() {
            return horizon.length(spec.unit());
        }

        List<Schedule> parts() {
            List<Schedule> out = new ArrayList<>();
            for (ScheduleSpec p : spec.parts()) {
                out.add(ScheduleTypes.get(p.name()).build(p, baseLr, horizon));
            }
            return out;
        }
    }

    Schedule build(ScheduleSpec spec, double baseLr, Schedules.Horizon horizon) {
        return builder.apply(new Args(this, spec, baseLr, horizon));
    }

    List<String> keys() {
        return params.stream().map(Param::key).toList();
    }
}
