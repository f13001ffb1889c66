package io.sparkhpo.executors.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A registered schedule, declared once in {@code ScheduleTypes}: its config name, its PyTorch counterpart and
 * notes ({@code doc}, for the docs' schedule table, which is generated from these declarations), the unit it steps in
 * by default, whether it may be a part of {@code sequential}/{@code chained}, its parameters (PyTorch's names in
 * snake case, with defaults and constraints; {@code derived} ones default to the run's length), and how its
 * {@link Schedule} is built. {@link Schedules#types()} lists them all; a new schedule is its curve plus one entry.
 */
public record ScheduleType(String name, String doc, Unit defaultUnit, boolean composable, Set<String> derived,
                           List<Param> params, Function<Args, Schedule> builder) {

    /** A parameter's kind. */
    public enum Kind { INT, REAL, BOOL, CHOICE, EXPRESSION, LIST }

    /** A parameter: default (empty: required, or derived from the run length), constraint. */
    public record Param(String key, Kind kind, Optional<Object> def, String constraint, Predicate<Object> ok,
                 List<String> choices) {
        static Param of(String key, Kind kind, Object def, String constraint, Predicate<Object> ok) {
            return new Param(key, kind, Optional.ofNullable(def), constraint, ok, List.of());
        }

        static Param choice(String key, String def, List<String> choices) {
            return new Param(key, Kind.CHOICE, Optional.of(def), "one of " + choices, v -> choices.contains(v), choices);
        }
    }

    /** What a builder reads: the spec's values (defaults filled in), the base lr, the run's length, the parts. */
    public record Args(ScheduleType type, ScheduleSpec spec, double baseLr, Schedules.Horizon horizon) {

        Object value(String key) {
            Object v = spec.params().get(key);
            if (v != null) {
                return v;
            }
            return type.params().stream().filter(p -> p.key().equals(key)).findFirst().flatMap(Param::def).orElse(null);
        }

        double num(String key) {
            return (Double) value(key);
        }

        Optional<Double> opt(String key) {
            return Optional.ofNullable((Double) spec.params().get(key));
        }

        boolean bool(String key) {
            return (Boolean) value(key);
        }

        String str(String key) {
            return (String) value(key);
        }

        double[] list(String key) {
            return ((List<?>) spec.params().get(key)).stream().mapToDouble(x -> (Double) x).toArray();
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
