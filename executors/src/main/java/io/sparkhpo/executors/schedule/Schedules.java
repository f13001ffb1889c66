package io.sparkhpo.executors.schedule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The schedules by config name, their parameters (PyTorch's names, in snake case, and defaults) and the one
 * place that validates a {@link ScheduleSpec} and builds it. Every schedule also takes {@code step_per}
 * ({@code epoch} or {@code iteration}; default iteration for cyclic and one_cycle, epoch otherwise) and
 * {@code warmup { length = N, start_factor = 0.1 }}, a LinearLR warmup over N steps followed by the schedule
 * (SequentialLR).
 */
public final class Schedules {

    /** A parameter's kind. */
    enum Kind { INT, REAL, BOOL, CHOICE, EXPRESSION, LIST }

    /** A parameter: default (empty: required, or derived from the run length), constraint. */
    record Param(String key, Kind kind, Optional<Object> def, String constraint, Predicate<Object> ok,
                 List<String> choices) {
        static Param of(String key, Kind kind, Object def, String constraint, Predicate<Object> ok) {
            return new Param(key, kind, Optional.ofNullable(def), constraint, ok, List.of());
        }

        static Param choice(String key, String def, List<String> choices) {
            return new Param(key, Kind.CHOICE, Optional.of(def), "one of " + choices, v -> choices.contains(v), choices);
        }
    }

    private static final Predicate<Object> ANY = v -> true;
    private static final Predicate<Object> POSITIVE = v -> ((Double) v) > 0;
    private static final Predicate<Object> NON_NEGATIVE = v -> ((Double) v) >= 0;
    private static final Predicate<Object> AT_LEAST_ONE = v -> ((Double) v) >= 1;
    private static final Predicate<Object> FRACTION = v -> ((Double) v) > 0 && ((Double) v) <= 1;
    private static final Predicate<Object> BELOW_ONE = v -> ((Double) v) > 0 && ((Double) v) < 1;
    private static final Predicate<Object> UNIT = v -> ((Double) v) >= 0 && ((Double) v) <= 1;

    private static final Map<String, List<Param>> PARAMS = new LinkedHashMap<>();

    static {
        PARAMS.put("constant", List.of());
        PARAMS.put("lambda", List.of(Param.of("factor", Kind.EXPRESSION, null, "an expression in t", ANY)));
        PARAMS.put("multiplicative", List.of(Param.of("factor", Kind.EXPRESSION, null, "an expression in t", ANY)));
        PARAMS.put("step", List.of(Param.of("step_size", Kind.INT, null, ">= 1", AT_LEAST_ONE),
                Param.of("gamma", Kind.REAL, 0.1, "> 0", POSITIVE)));
        PARAMS.put("multistep", List.of(Param.of("milestones", Kind.LIST, null, "a list of integers >= 0",
                        v -> ((List<?>) v).stream().allMatch(x -> (Double) x >= 0 && (Double) x == Math.rint((Double) x))),
                Param.of("gamma", Kind.REAL, 0.1, "> 0", POSITIVE)));
        PARAMS.put("exponential", List.of(Param.of("gamma", Kind.REAL, null, "> 0", POSITIVE)));
        PARAMS.put("cosine", List.of(Param.of("t_max", Kind.INT, null, ">= 1", AT_LEAST_ONE),
                Param.of("eta_min", Kind.REAL, 0.0, ">= 0", NON_NEGATIVE)));
        PARAMS.put("cosine_restarts", List.of(Param.of("t_0", Kind.INT, null, ">= 1", AT_LEAST_ONE),
                Param.of("t_mult", Kind.INT, 1.0, ">= 1", AT_LEAST_ONE),
                Param.of("eta_min", Kind.REAL, 0.0, ">= 0", NON_NEGATIVE)));
        PARAMS.put("plateau", List.of(Param.choice("mode", "min", List.of("min", "max")),
                Param.of("factor", Kind.REAL, 0.1, "in (0, 1)", BELOW_ONE),
                Param.of("patience", Kind.INT, 10.0, ">= 0", NON_NEGATIVE),
                Param.of("threshold", Kind.REAL, 1e-4, ">= 0", NON_NEGATIVE),
                Param.choice("threshold_mode", "rel", List.of("rel", "abs")),
                Param.of("cooldown", Kind.INT, 0.0, ">= 0", NON_NEGATIVE),
                Param.of("min_lr", Kind.REAL, 0.0, ">= 0", NON_NEGATIVE),
                Param.of("eps", Kind.REAL, 1e-8, ">= 0", NON_NEGATIVE),
                Param.choice("monitor", "test_loss", List.of("test_loss", "test_error", "train_loss"))));
        PARAMS.put("cyclic", List.of(Param.of("base_lr_factor", Kind.REAL, null, "in (0, 1]", FRACTION),
                Param.of("step_size_up", Kind.INT, 2000.0, ">= 1", AT_LEAST_ONE),
                Param.of("step_size_down", Kind.INT, null, ">= 1", AT_LEAST_ONE),
                Param.choice("mode", "triangular", List.of("triangular", "triangular2", "exp_range")),
                Param.of("gamma", Kind.REAL, 1.0, "> 0", POSITIVE),
                Param.of("cycle_momentum", Kind.BOOL, true, "true or false", ANY),
                Param.of("base_momentum", Kind.REAL, 0.8, "in [0, 1]", UNIT),
                Param.of("max_momentum", Kind.REAL, 0.9, "in [0, 1]", UNIT)));
        PARAMS.put("one_cycle", List.of(Param.of("total_steps", Kind.INT, null, ">= 2", v -> ((Double) v) >= 2),
                Param.of("pct_start", Kind.REAL, 0.3, "in (0, 1)", BELOW_ONE),
                Param.choice("anneal_strategy", "cos", List.of("cos", "linear")),
                Param.of("cycle_momentum", Kind.BOOL, true, "true or false", ANY),
                Param.of("base_momentum", Kind.REAL, 0.85, "in [0, 1]", UNIT),
                Param.of("max_momentum", Kind.REAL, 0.95, "in [0, 1]", UNIT),
                Param.of("div_factor", Kind.REAL, 25.0, "> 0", POSITIVE),
                Param.of("final_div_factor", Kind.REAL, 1e4, "> 0", POSITIVE),
                Param.of("three_phase", Kind.BOOL, false, "true or false", ANY)));
        PARAMS.put("linear", List.of(Param.of("start_factor", Kind.REAL, 1.0 / 3, "in (0, 1]", FRACTION),
                Param.of("end_factor", Kind.REAL, 1.0, "in [0, 1]", UNIT),
                Param.of("total_iters", Kind.INT, 5.0, ">= 1", AT_LEAST_ONE)));
        PARAMS.put("constant_factor", List.of(Param.of("factor", Kind.REAL, 1.0 / 3, "in [0, 1]", UNIT),
                Param.of("total_iters", Kind.INT, 5.0, ">= 0", NON_NEGATIVE)));
        PARAMS.put("polynomial", List.of(Param.of("total_iters", Kind.INT, 5.0, ">= 1", AT_LEAST_ONE),
                Param.of("power", Kind.REAL, 1.0, "> 0", POSITIVE)));
        PARAMS.put("linear_decay", List.of(Param.of("total", Kind.INT, null, ">= 1", AT_LEAST_ONE)));
        PARAMS.put("inverse_sqrt", List.of(Param.of("warmup_steps", Kind.INT, 0.0, ">= 0", NON_NEGATIVE)));
        PARAMS.put("sequential", List.of(Param.of("milestones", Kind.LIST, null, "increasing integers >= 1",
                v -> increasing((List<?>) v))));
        PARAMS.put("chained", List.of());
    }

    public static final List<String> NAMES = List.copyOf(PARAMS.keySet());
    /** Schedules that may be parts of {@code sequential} / {@code chained} (closed forms that restart cleanly). */
    static final List<String> COMPOSABLE = List.of("constant", "lambda", "step", "multistep", "exponential", "cosine",
            "cosine_restarts", "linear", "constant_factor", "polynomial", "linear_decay", "inverse_sqrt");

    private Schedules() {
    }

    /** The unit a schedule steps in by default: iterations for cyclic and one_cycle (as PyTorch), else epochs. */
    public static Unit defaultUnit(String name) {
        return name.equals("cyclic") || name.equals("one_cycle") ? Unit.ITERATION : Unit.EPOCH;
    }

    /** The parameter keys a schedule takes (besides step_per and warmup). */
    public static List<String> keys(String name) {
        return params(name).stream().map(Param::key).toList();
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
            if (!p.ok().test(v)) {
                throw new IllegalArgumentException(path + "." + p.key() + " must be " + p.constraint() + ", got " + render(v));
            }
            if (p.kind() == Kind.EXPRESSION) {
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
            if (p.def().isEmpty() && !derived(spec.name(), p.key())) {
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
        Schedule main = build(spec, baseLr, horizon);
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

    private static Schedule build(ScheduleSpec s, double baseLr, Horizon h) {
        double length = h.length(s.unit());
        return switch (s.name()) {
            case "constant", "plateau" -> new Curves.Constant();
            case "lambda" -> new Curves.Lambda(Expression.parse(str(s, "factor")));
            case "multiplicative" -> new Curves.Multiplicative(Expression.parse(str(s, "factor")));
            case "step" -> new Curves.Step((int) num(s, "step_size"), num(s, "gamma"));
            case "multistep" -> new Curves.MultiStep(list(s, "milestones"), num(s, "gamma"));
            case "exponential" -> new Curves.Exponential(num(s, "gamma"));
            case "cosine" -> new Curves.Cosine(opt(s, "t_max").orElse(length), num(s, "eta_min") / baseLr);
            case "cosine_restarts" -> new Curves.Restarts(num(s, "t_0"), num(s, "t_mult"), num(s, "eta_min") / baseLr);
            case "cyclic" -> {
                double up = num(s, "step_size_up");
                yield new Curves.Cyclic(num(s, "base_lr_factor"), up, opt(s, "step_size_down").orElse(up), str(s, "mode"),
                        num(s, "gamma"), bool(s, "cycle_momentum"), num(s, "base_momentum"), num(s, "max_momentum"));
            }
            case "one_cycle" -> new Curves.OneCycle(opt(s, "total_steps").orElse(length), num(s, "pct_start"),
                    str(s, "anneal_strategy").equals("cos"), bool(s, "three_phase"), num(s, "div_factor"),
                    num(s, "final_div_factor"), bool(s, "cycle_momentum"), num(s, "base_momentum"), num(s, "max_momentum"));
            case "linear" -> new Curves.Linear(num(s, "start_factor"), num(s, "end_factor"), num(s, "total_iters"));
            case "constant_factor" -> new Curves.ConstantFactor(num(s, "factor"), num(s, "total_iters"));
            case "polynomial" -> new Curves.Polynomial(num(s, "total_iters"), num(s, "power"));
            case "linear_decay" -> new Curves.LinearDecay(opt(s, "total").orElse(length));
            case "inverse_sqrt" -> new Curves.InverseSqrt(num(s, "warmup_steps"));
            case "sequential" -> new Curves.Sequential(parts(s, baseLr, h), list(s, "milestones"));
            case "chained" -> new Curves.Chained(parts(s, baseLr, h));
            default -> throw new IllegalArgumentException("unknown schedule " + s.name());
        };
    }

    private static List<Schedule> parts(ScheduleSpec s, double baseLr, Horizon h) {
        List<Schedule> out = new ArrayList<>();
        for (ScheduleSpec p : s.parts()) {
            out.add(build(p, baseLr, h));
        }
        return out;
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
            if (!k.equals("length") && !k.equals("start_factor")) {
                throw new IllegalArgumentException("unknown key " + path + ".warmup." + k + " (it takes length, start_factor)");
            }
        }
        Object len = m.get("length");
        if (!(len instanceof Double d) || d < 1 || d != Math.rint(d)) {
            throw new IllegalArgumentException(path + ".warmup.length must be an integer >= 1, got " + render(len));
        }
        Object sf = m.getOrDefault("start_factor", 0.1);
        if (!(sf instanceof Double f) || !(f > 0 && f <= 1)) {
            throw new IllegalArgumentException(path + ".warmup.start_factor must be in (0, 1], got " + render(sf));
        }
        return Optional.of(new double[]{(Double) len, (Double) sf});
    }

    private static boolean derived(String name, String key) {
        return (name.equals("cosine") && key.equals("t_max")) || (name.equals("one_cycle") && key.equals("total_steps"))
                || (name.equals("linear_decay") && key.equals("total")) || (name.equals("cyclic") && key.equals("step_size_down"));
    }

    private static List<Param> params(String name) {
        List<Param> p = PARAMS.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown schedule \"" + name + "\"; known: " + NAMES);
        }
        return p;
    }

    private static void checkKind(Param p, Object v, String path) {
        boolean ok = switch (p.kind()) {
            case INT -> v instanceof Double d && d == Math.rint(d);
            case REAL -> v instanceof Double d && Double.isFinite(d);
            case BOOL -> v instanceof Boolean;
            case CHOICE, EXPRESSION -> v instanceof String;
            case LIST -> v instanceof List<?> l && l.stream().allMatch(x -> x instanceof Double);
        };
        if (!ok) {
            String what = switch (p.kind()) {
                case INT -> "an integer";
                case REAL -> "a number";
                case BOOL -> "true or false";
                case CHOICE -> "one of " + p.choices();
                case EXPRESSION -> "an expression in t (a string)";
                case LIST -> "a list of numbers";
            };
            throw new IllegalArgumentException(path + "." + p.key() + " must be " + what + ", got " + render(v));
        }
    }

    private static Object required(ScheduleSpec s, String key, String path) {
        Object v = s.params().get(key);
        if (v == null) {
            throw new IllegalArgumentException(path + "." + key + " is required by schedule " + s.name());
        }
        return v;
    }

    private static boolean increasing(List<?> v) {
        double prev = 0;
        for (Object x : v) {
            double d = (Double) x;
            if (d <= prev || d != Math.rint(d)) {
                return false;
            }
            prev = d;
        }
        return true;
    }

    private static Object value(ScheduleSpec s, String key) {
        Object v = s.params().get(key);
        if (v != null) {
            return v;
        }
        return params(s.name()).stream().filter(p -> p.key().equals(key)).findFirst().flatMap(Param::def).orElse(null);
    }

    private static double num(ScheduleSpec s, String key) {
        return (Double) value(s, key);
    }

    private static Optional<Double> opt(ScheduleSpec s, String key) {
        return Optional.ofNullable((Double) s.params().get(key));
    }

    private static boolean bool(ScheduleSpec s, String key) {
        return (Boolean) value(s, key);
    }

    private static String str(ScheduleSpec s, String key) {
        return (String) value(s, key);
    }

    private static double[] list(ScheduleSpec s, String key) {
        return ((List<?>) s.params().get(key)).stream().mapToDouble(x -> (Double) x).toArray();
    }

    private static String render(Object v) {
        return v instanceof String str ? "\"" + str + "\"" : String.valueOf(v);
    }
}
