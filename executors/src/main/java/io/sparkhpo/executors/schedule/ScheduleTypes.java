package io.sparkhpo.executors.schedule;

import io.sparkhpo.executors.schedule.ScheduleType.Kind;
import io.sparkhpo.executors.schedule.ScheduleType.Param;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** The registered schedules ({@code schedule.name}), in the order the docs list them. */
final class ScheduleTypes {

    static final Predicate<Object> ANY = v -> true;
    static final Predicate<Object> POSITIVE = v -> ((Double) v) > 0;
    static final Predicate<Object> NON_NEGATIVE = v -> ((Double) v) >= 0;
    static final Predicate<Object> AT_LEAST_ONE = v -> ((Double) v) >= 1;
    static final Predicate<Object> FRACTION = v -> ((Double) v) > 0 && ((Double) v) <= 1;
    static final Predicate<Object> BELOW_ONE = v -> ((Double) v) > 0 && ((Double) v) < 1;
    static final Predicate<Object> UNIT = v -> ((Double) v) >= 0 && ((Double) v) <= 1;

    static final List<ScheduleType> TYPES = List.of(
            new ScheduleType("constant", "none: η_t = 1",
                    Unit.EPOCH, true, Set.of(),
                    List.of(),
                    a -> new Curves.Constant()),
            new ScheduleType("lambda", "LambdaLR; `factor` is an expression in `t`",
                    Unit.EPOCH, true, Set.of(),
                    List.of(Param.of("factor", Kind.EXPRESSION, null, "an expression in t", ANY)),
                    a -> new Curves.Lambda(Expression.parse(a.str("factor")))),
            new ScheduleType("multiplicative", "MultiplicativeLR: η_t = η_{t−1}·factor(t), `factor` an expression in `t`",
                    Unit.EPOCH, false, Set.of(),
                    List.of(Param.of("factor", Kind.EXPRESSION, null, "an expression in t", ANY)),
                    a -> new Curves.Multiplicative(Expression.parse(a.str("factor")))),
            new ScheduleType("step", "StepLR",
                    Unit.EPOCH, true, Set.of(),
                    List.of(Param.of("step_size", Kind.INT, null, ">= 1", AT_LEAST_ONE),
                    Param.of("gamma", Kind.REAL, 0.1, "> 0", POSITIVE)),
                    a -> new Curves.Step((int) a.num("step_size"), a.num("gamma"))),
            new ScheduleType("multistep", "MultiStepLR",
                    Unit.EPOCH, true, Set.of(),
                    List.of(Param.of("milestones", Kind.LIST, null, "a list of integers >= 0",
                            v -> ((List<?>) v).stream().allMatch(x -> (Double) x >= 0 && (Double) x == Math.rint((Double) x))),
                    Param.of("gamma", Kind.REAL, 0.1, "> 0", POSITIVE)),
                    a -> new Curves.MultiStep(a.list("milestones"), a.num("gamma"))),
            new ScheduleType("exponential", "ExponentialLR",
                    Unit.EPOCH, true, Set.of(),
                    List.of(Param.of("gamma", Kind.REAL, null, "> 0", POSITIVE)),
                    a -> new Curves.Exponential(a.num("gamma"))),
            new ScheduleType("cosine", "CosineAnnealingLR (periodic past `t_max`, which defaults to the run's length; `eta_min` is absolute)",
                    Unit.EPOCH, true, Set.of("t_max"),
                    List.of(Param.of("t_max", Kind.INT, null, ">= 1", AT_LEAST_ONE),
                    Param.of("eta_min", Kind.REAL, 0.0, ">= 0", NON_NEGATIVE)),
                    a -> new Curves.Cosine(a.opt("t_max").orElse(a.length()), a.num("eta_min") / a.baseLr())),
            new ScheduleType("cosine_restarts", "CosineAnnealingWarmRestarts (SGDR; AdamWR with AdamW; `eta_min` is absolute)",
                    Unit.EPOCH, true, Set.of(),
                    List.of(Param.of("t_0", Kind.INT, null, ">= 1", AT_LEAST_ONE),
                    Param.of("t_mult", Kind.INT, 1.0, ">= 1", AT_LEAST_ONE),
                    Param.of("eta_min", Kind.REAL, 0.0, ">= 0", NON_NEGATIVE)),
                    a -> new Curves.Restarts(a.num("t_0"), a.num("t_mult"), a.num("eta_min") / a.baseLr())),
            new ScheduleType("plateau", "ReduceLROnPlateau; `monitor` is the epoch metric it watches",
                    Unit.EPOCH, false, Set.of(),
                    List.of(Param.choice("mode", "min", List.of("min", "max")),
                    Param.of("factor", Kind.REAL, 0.1, "in (0, 1)", BELOW_ONE),
                    Param.of("patience", Kind.INT, 10.0, ">= 0", NON_NEGATIVE),
                    Param.of("threshold", Kind.REAL, 1e-4, ">= 0", NON_NEGATIVE),
                    Param.choice("threshold_mode", "rel", List.of("rel", "abs")),
                    Param.of("cooldown", Kind.INT, 0.0, ">= 0", NON_NEGATIVE),
                    Param.of("min_lr", Kind.REAL, 0.0, ">= 0", NON_NEGATIVE),
                    Param.of("eps", Kind.REAL, 1e-8, ">= 0", NON_NEGATIVE),
                    Param.choice("monitor", "test_loss", List.of("test_loss", "test_error", "train_loss"))),
                    a -> new Curves.Constant()),
            new ScheduleType("cyclic", "CyclicLR, max_lr = α, base_lr = α·`base_lr_factor`; `step_size_down` defaults to `step_size_up`",
                    Unit.ITERATION, false, Set.of("step_size_down"),
                    List.of(Param.of("base_lr_factor", Kind.REAL, null, "in (0, 1]", FRACTION),
                    Param.of("step_size_up", Kind.INT, 2000.0, ">= 1", AT_LEAST_ONE),
                    Param.of("step_size_down", Kind.INT, null, ">= 1", AT_LEAST_ONE),
                    Param.choice("mode", "triangular", List.of("triangular", "triangular2", "exp_range")),
                    Param.of("gamma", Kind.REAL, 1.0, "> 0", POSITIVE),
                    Param.of("cycle_momentum", Kind.BOOL, true, "true or false", ANY),
                    Param.of("base_momentum", Kind.REAL, 0.8, "in [0, 1]", UNIT),
                    Param.of("max_momentum", Kind.REAL, 0.9, "in [0, 1]", UNIT)),
                    a -> {
                double up = a.num("step_size_up");
                return new Curves.Cyclic(a.num("base_lr_factor"), up, a.opt("step_size_down").orElse(up), a.str("mode"),
                        a.num("gamma"), a.bool("cycle_momentum"), a.num("base_momentum"), a.num("max_momentum"));
            }),
            new ScheduleType("one_cycle", "OneCycleLR, max_lr = α; `total_steps` defaults to the run's length",
                    Unit.ITERATION, false, Set.of("total_steps"),
                    List.of(Param.of("total_steps", Kind.INT, null, ">= 2", v -> ((Double) v) >= 2),
                    Param.of("pct_start", Kind.REAL, 0.3, "in (0, 1)", BELOW_ONE),
                    Param.choice("anneal_strategy", "cos", List.of("cos", "linear")),
                    Param.of("cycle_momentum", Kind.BOOL, true, "true or false", ANY),
                    Param.of("base_momentum", Kind.REAL, 0.85, "in [0, 1]", UNIT),
                    Param.of("max_momentum", Kind.REAL, 0.95, "in [0, 1]", UNIT),
                    Param.of("div_factor", Kind.REAL, 25.0, "> 0", POSITIVE),
                    Param.of("final_div_factor", Kind.REAL, 1e4, "> 0", POSITIVE),
                    Param.of("three_phase", Kind.BOOL, false, "true or false", ANY)),
                    a -> new Curves.OneCycle(a.opt("total_steps").orElse(a.length()), a.num("pct_start"),
                    a.str("anneal_strategy").equals("cos"), a.bool("three_phase"), a.num("div_factor"),
                    a.num("final_div_factor"), a.bool("cycle_momentum"), a.num("base_momentum"), a.num("max_momentum"))),
            new ScheduleType("linear", "LinearLR",
                    Unit.EPOCH, true, Set.of(),
                    List.of(Param.of("start_factor", Kind.REAL, 1.0 / 3, "in (0, 1]", FRACTION),
                    Param.of("end_factor", Kind.REAL, 1.0, "in [0, 1]", UNIT),
                    Param.of("total_iters", Kind.INT, 5.0, ">= 1", AT_LEAST_ONE)),
                    a -> new Curves.Linear(a.num("start_factor"), a.num("end_factor"), a.num("total_iters"))),
            new ScheduleType("constant_factor", "ConstantLR",
                    Unit.EPOCH, true, Set.of(),
                    List.of(Param.of("factor", Kind.REAL, 1.0 / 3, "in [0, 1]", UNIT),
                    Param.of("total_iters", Kind.INT, 5.0, ">= 0", NON_NEGATIVE)),
                    a -> new Curves.ConstantFactor(a.num("factor"), a.num("total_iters"))),
            new ScheduleType("polynomial", "PolynomialLR",
                    Unit.EPOCH, true, Set.of(),
                    List.of(Param.of("total_iters", Kind.INT, 5.0, ">= 1", AT_LEAST_ONE),
                    Param.of("power", Kind.REAL, 1.0, "> 0", POSITIVE)),
                    a -> new Curves.Polynomial(a.num("total_iters"), a.num("power"))),
            new ScheduleType("linear_decay", "LambdaLR with max(0, 1 − t/total); `total` defaults to the run's length",
                    Unit.EPOCH, true, Set.of("total"),
                    List.of(Param.of("total", Kind.INT, null, ">= 1", AT_LEAST_ONE)),
                    a -> new Curves.LinearDecay(a.opt("total").orElse(a.length()))),
            new ScheduleType("inverse_sqrt", "LambdaLR with min((t+1)/W, √(W/(t+1))), W = `warmup_steps` (fairseq's inverse_sqrt; W = 0: 1/√(t+1))",
                    Unit.EPOCH, true, Set.of(),
                    List.of(Param.of("warmup_steps", Kind.INT, 0.0, ">= 0", NON_NEGATIVE)),
                    a -> new Curves.InverseSqrt(a.num("warmup_steps"))),
            new ScheduleType("sequential", "SequentialLR: `schedules = [ {...}, ... ]`, one fewer `milestones`",
                    Unit.EPOCH, false, Set.of(),
                    List.of(Param.of("milestones", Kind.LIST, null, "increasing integers >= 1",
                    v -> increasing((List<?>) v))),
                    a -> new Curves.Sequential(a.parts(), a.list("milestones"))),
            new ScheduleType("chained", "ChainedScheduler (the product): `schedules = [ {...}, ... ]`",
                    Unit.EPOCH, false, Set.of(),
                    List.of(),
                    a -> new Curves.Chained(a.parts())));

    private ScheduleTypes() {
    }

    /** @throws IllegalArgumentException naming the known schedules */
    static ScheduleType get(String name) {
        return TYPES.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown schedule \"" + name + "\"; known: " + Schedules.NAMES));
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
}
