package io.sparkhpo.executors.schedule;

import io.sparkhpo.search.registry.Param;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The schedules by config name, their parameters (PyTorch's names, in snake case, and defaults) and the one
 * place that validates a {@link ScheduleSpec} and builds it. Every schedule also takes {@code step_per}
 * ({@code epoch} or {@code iteration}; default iteration for cyclic and one_cycle, epoch otherwise) and
 * {@code warmup { length = N, start_factor = 0.1 }}, a LinearLR warmup over N steps followed by the schedule
 * (SequentialLR).
 */
public final class Schedules {

    public static final List<String> NAMES = ScheduleTypes.TYPES.stream().map(ScheduleType::name).toList();

    /** Every registered schedule's declaration, in the docs' order. */
    public static List<ScheduleType> types() {
        return ScheduleTypes.TYPES;
    }
    /** Schedules that may be parts of {@code sequential} / {@code chained} (closed forms that restart cleanly). */
    static final List<String> COMPOSABLE = ScheduleTypes.TYPES.stream().filter(ScheduleType::composable)
            .map(ScheduleType::name).toList();

    private Schedules() {
    }

    /** The unit a schedule steps in by default: iterations for cyclic and one_cycle (as PyTorch), else epochs. */
    public static Unit defaultUnit(String name) {
        return ScheduleTypes.get(name).defaultUnit();
    }

    /** The parameter keys a schedule takes (besides step_per and warmup). */
    public static List<String> keys(String name) {
        return ScheduleTypes.get(name).keys();
    }

    /**
     * Checks names, keys, kinds and constraints, and that sequential/chained parts are composable.
     *
     * @param path the config path of {@code spec}, for messages, e.g. {@code schedule}
     * @throws IllegalArgumentException whose message names {@code path.key} and the value
     */
    public static void validate(ScheduleSpec spec, String path) {
        List<Param> params = params(spec.name());
        for (String k : spec.params().keySet()) {
            if (!k.equals("warmup") && params.stream().noneMatch(p -> p.key().equals(k))) {
                throw new IllegalArgumentException("unknown key " + path + "." + k + " for schedule " + spec.name()
                        + " (it takes " + keys(spec.name()) + ", step_per and warmup)");
            }
        }
        for (Param p : params) {
            Object v = spec.params().get(p.key());
            if (v == null) {
                continue;
            }
            checkKind(p, v, path);
            if (!p.valid().test(v)) {
                throw new IllegalArgumentException(path + "." + p.key() + " must be " + p.constraint() + ", got " + render(v));
            }
            if (p.kind() == Param.Kind.EXPRESSION) {
                try {
                    Expression.parse((String) v);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(path + "." + p.key() + ": " + e.getMessage(), e);
                }
            }
        }
        warmup(spec, path);
        if (spec.name().equals("sequential") || spec.name().equals("chained")) {
            int min = spec.name().equals("sequential") ? 2 : 1;
            if (spec.parts().size() < min) {
                throw new IllegalArgumentException(path + ".schedules must list at least " + min + " schedules, got "
                        + spec.parts().size());
            }
            if (spec.name().equals("sequential")) {
                List<?> m = (List<?>) required(spec, "milestones", path);
                if (m.size() != spec.parts().size() - 1) {
                    throw new IllegalArgumentException(path + ".milestones must have one fewer entry than schedules ("
                            + (spec.parts().size() - 1) + "), got " + m.size());
                }
            }
            for (int i = 0; i < spec.parts().size(); i++) {
                ScheduleSpec part = spec.parts().get(i);
                String partPath = path + ".schedules[" + i + "]";
                if (!COMPOSABLE.contains(part.name())) {
                    throw new IllegalArgumentException(partPath + ".name must be one of " + COMPOSABLE + " inside "
                            + spec.name() + ", got \"" + part.name() + "\"");
                }
                validate(part, partPath);
            }
        } else if (!spec.parts().isEmpty()) {
            throw new IllegalArgumentException(path + ".schedules is only for sequential and chained");
        }
        for (Param p : params) {
            if (p.defaultValue().isEmpty() && !derived(spec.name(), p.key())) {
                required(spec, p.key(), path);
            }
        }
    }

    /** The length of the run in a unit: epochs, or epochs × iterations per epoch. */
    public record Horizon(int epochs, int iterationsPerEpoch) {
        public double length(Unit unit) {
            return unit == Unit.EPOCH ? epochs : (double) epochs * iterationsPerEpoch;
        }
    }

    /**
     * Builds the schedule (not {@code plateau}: see {@link #plateau}).
     *
     * @param baseLr  α, the optimizer's base rate (absolute settings such as eta_min are divided by it)
     * @param horizon the run's length, for defaults such as cosine's t_max
     */
    public static Schedule create(ScheduleSpec spec, double baseLr, Horizon horizon) {
        validate(spec, "schedule");
        Schedule main = ScheduleTypes.get(spec.name()).build(spec, baseLr, horizon);
        Optional<double[]> w = warmup(spec, "schedule");
        if (w.isEmpty()) {
            return main;
        }
        double length = w.get()[0];
        return new Curves.Sequential(List.of(new Curves.Linear(w.get()[1], 1.0, length), main), new double[]{length});
    }

    /** The ReduceLROnPlateau state machine of a {@code plateau} spec. */
    public static Plateau plateau(ScheduleSpec spec, double baseLr) {
        if (!spec.name().equals("plateau")) {
            throw new IllegalArgumentException("not a plateau schedule: " + spec.name());
        }
        validate(spec, "schedule");
        return new Plateau(str(spec, "mode").equals("max"), num(spec, "factor"), (int) num(spec, "patience"),
                num(spec, "threshold"), str(spec, "threshold_mode").equals("rel"), (int) num(spec, "cooldown"),
                num(spec, "min_lr"), num(spec, "eps"), baseLr);
    }

    /** The metric a plateau schedule watches: test_loss, test_error or train_loss. */
    public static String monitor(ScheduleSpec spec) {
        return str(spec, "monitor");
    }

    /** {length, start_factor} of the warmup, if one is configured. */
    @SuppressWarnings("unchecked")
    private static Optional<double[]> warmup(ScheduleSpec spec, String path) {
        Object w = spec.params().get("warmup");
        if (w == null) {
            return Optional.empty();
        }
        if (!(w instanceof Map)) {
            throw new IllegalArgumentException(path + ".warmup must be an object { length = N, start_factor = F }, got "
                    + render(w));
        }
        Map<String, Object> m = (Map<String, Object>) w;
        for (String k : m.keySet()) {
            if (WARMUP.stream().noneMatch(p -> p.key().equals(k))) {
                throw new IllegalArgumentException("unknown key " + path + ".warmup." + k + " (it takes "
                        + String.join(", ", WARMUP.stream().map(Param::key).toList()) + ")");
            }
        }
        double[] out = new double[WARMUP.size()];
        for (int i = 0; i < out.length; i++) {
            Param p = WARMUP.get(i);
            Object v = m.containsKey(p.key()) ? m.get(p.key()) : p.defaultValue().orElse(null);
            if (v == null || p.problem(v).isPresent()) {
                throw new IllegalArgumentException(path + ".warmup." + p.key() + " " + p.problem(v).orElse("is required")
                        + ", got " + render(v));
            }
            out[i] = ((Number) v).doubleValue();
        }
        return Optional.of(out);
    }

    /** A warmup's keys: {length, start_factor}, in that order. */
    static final List<Param> WARMUP = List.of(Param.requiredInteger("length", 1),
            Param.number("start_factor", 0.1, "in (0, 1]", f -> f > 0 && f <= 1));

    private static boolean derived(String name, String key) {
        return ScheduleTypes.get(name).derived().contains(key);
    }

    private static List<Param> params(String name) {
        return ScheduleTypes.get(name).params();
    }

    private static void checkKind(Param p, Object v, String path) {
        if (!p.ofKind(v)) {
            throw new IllegalArgumentException(path + "." + p.key() + " must be " + p.kindInWords() + ", got " + render(v));
        }
    }

    private static Object required(ScheduleSpec s, String key, String path) {
        Object v = s.params().get(key);
        if (v == null) {
            throw new IllegalArgumentException(path + "." + key + " is required by schedule " + s.name());
        }
        return v;
    }

    private static Object value(ScheduleSpec s, String key) {
        Object v = s.params().get(key);
        if (v != null) {
            return v;
        }
        return params(s.name()).stream().filter(p -> p.key().equals(key)).findFirst().flatMap(Param::defaultValue).orElse(null);
    }

    private static double num(ScheduleSpec s, String key) {
        return ((Number) value(s, key)).doubleValue();
    }

    private static boolean bool(ScheduleSpec s, String key) {
        return (Boolean) value(s, key);
    }

    private static String str(ScheduleSpec s, String key) {
        return (String) value(s, key);
    }

    private static String render(Object v) {
        return v instanceof String str ? "\"" + str + "\"" : String.valueOf(v);
    }
}
