package io.sparkhpo.executors.schedule;

import io.sparkhpo.search.registry.Param;

import java.util.List;
import java.util.Set;
import java.util.function.DoublePredicate;

/** The registered schedules ({@code schedule.name}), in the order the docs list them. */
final class ScheduleTypes {

    static final DoublePredicate POSITIVE = v -> v > 0;
    static final DoublePredicate NON_NEGATIVE = v -> v >= 0;
    static final DoublePredicate FRACTION = v -> v > 0 && v <= 1;
    static final DoublePredicate BELOW_ONE = v -> v > 0 && v < 1;
    static final DoublePredicate UNIT = v -> v >= 0 && v <= 1;

    static final List<ScheduleType> TYPES = List.of(
            new ScheduleType("constant", "none: η_t = 1",
                    Unit.EPOCH, true, Set.of(),
                    List.of(),
                    a -> new Curves.Constant()),
            new ScheduleType("lambda", "LambdaLR; `factor` is an expression in `t`",
                    Unit.EPOCH, true, Set.of(),
                    List.of(Param.expression("factor", "an expression in t")),
                    a -> new Curves.Lambda(Expression.parse(a.str("factor")))),
            new ScheduleType("multiplicative", "MultiplicativeLR: η_t = η_{t−1}·factor(t), `factor` an expression in `t`",
                    Unit.EPOCH, false, Set.of(),
                    List.of(Param.expression("factor", "an expression in t")),
                    a -> new Curves.Multiplicative(Expression.parse(a.str("factor")))),
            new ScheduleType("step", "StepLR",
                    Unit.EPOCH, true, Set.of(),
                    List.of(Param.requiredInteger("step_size", 1),
                    Param.number("gamma", 0.1, "> 0", POSITIVE)),
                    a -> new Curves.Step((int) a.num("step_size"), a.num("gamma"))),
            new ScheduleType("multistep", "MultiStepLR",
                    Unit.EPOCH, true, Set.of(),
                    List.of(Param.list("milestones", "a list of integers >= 0",
                            v -> v.stream().allMatch(x -> ((Number) x).doubleValue() >= 0 && ((Number) x).doubleValue() == Math.rint(((Number) x).doubleValue()))),
                    Param.number("gamma", 0.1, "> 0", POSITIVE)),
                    a -> new Curves.MultiStep(a.list("milestones"), a.num("gamma"))),
            new ScheduleType("exponential", "ExponentialLR",
                    Unit.EPOCH, true, Set.of(),
                    List.of(Param.requiredNumber("gamma", "> 0", POSITIVE)),
                    a -> new Curves.Exponential(a.num("gamma"))),
            new ScheduleType("cosine", "CosineAnnealingLR (periodic past `t_max`, which defaults to the run's length; `eta_min` is absolute)",
                    Unit.EPOCH, true, Set.of("t_max"),
                    List.of(Param.requiredInteger("t_max", 1),
                    Param.number("eta_min", 0.0, ">= 0", NON_NEGATIVE)),
                    a -> new Curves.Cosine(a.opt("t_max").orElse(a.length()), a.num("eta_min") / a.baseLr())),
            new ScheduleType("cosine_restarts", "CosineAnnealingWarmRestarts (SGDR; AdamWR with AdamW; `eta_min` is absolute)",
                    Unit.EPOCH, true, Set.of(),
                    List.of(Param.requiredInteger("t_0", 1),
                    Param.integer("t_mult", 1, 1),
                    Param.number("eta_min", 0.0, ">= 0", NON_NEGATIVE)),
                    a -> new Curves.Restarts(a.num("t_0"), a.num("t_mult"), a.num("eta_min") / a.baseLr())),
            new ScheduleType("plateau", "ReduceLROnPlateau; `monitor` is the epoch metric it watches",
                    Unit.EPOCH, false, Set.of(),
                    List.of(Param.choice("mode", "min", List.of("min", "max")),
                    Param.number("factor", 0.1, "in (0, 1)", BELOW_ONE),
                    Param.integer("patience", 10, 0),
                    Param.number("threshold", 1e-4, ">= 0", NON_NEGATIVE),
                    Param.choice("threshold_mode", "rel", List.of("rel", "abs")),
                    Param.integer("cooldown", 0, 0),
                    Param.number("min_lr", 0.0, ">= 0", NON_NEGATIVE),
                    Param.number("eps", 1e-8, ">= 0", NON_NEGATIVE),
                    Param.choice("monitor", "test_loss", List.of("test_loss", "test_error", "train_loss"))),
                    a -> new Curves.Constant()),
            new ScheduleType("cyclic", "CyclicLR, max_lr = α, base_lr = α·`base_lr_factor`; `step_size_down` defaults to `step_size_up`",
                    Unit.ITERATION, false, Set.of("step_size_down"),
                    List.of(Param.requiredNumber("base_lr_factor", "in (0, 1]", FRACTION),
                    Param.integer("step_size_up", 2000, 1),
                    Param.requiredInteger("step_size_down", 1),
                    Param.choice("mode", "triangular", List.of("triangular", "triangular2", "exp_range")),
                    Param.number("gamma", 1.0, "> 0", POSITIVE),
                    Param.flag("cycle_momentum", true),
                    Param.number("base_momentum", 0.8, "in [0, 1]", UNIT),
                    Param.number("max_momentum", 0.9, "in [0, 1]", UNIT)),
                    a -> {
                double up = a.num("step_size_up");
                return new Curves.Cyclic(a.num("base_lr_factor"), up, a.opt("step_size_down").orElse(up), a.str("mode"),
                        a.num("gamma"), a.bool("cycle_momentum"), a.num("base_momentum"), a.num("max_momentum"));
            }),
            new ScheduleType("one_cycle", "OneCycleLR, max_lr = α; `total_steps` defaults to the run's length",
                    Unit.ITERATION, false, Set.of("total_steps"),
                    List.of(Param.requiredInteger("total_steps", 2),
                    Param.number("pct_start", 0.3, "in (0, 1)", BELOW_ONE),
                    Param.choice("anneal_strategy", "cos", List.of("cos", "linear")),
                    Param.flag("cycle_momentum", true),
                    Param.number("base_momentum", 0.85, "in [0, 1]", UNIT),
                    Param.number("max_momentum", 0.95, "in [0, 1]", UNIT),
                    Param.number("div_factor", 25.0, "> 0", POSITIVE),
                    Param.number("final_div_factor", 1e4, "> 0", POSITIVE),
                    Param.flag("three_phase", false)),
                    a -> new Curves.OneCycle(a.opt("total_steps").orElse(a.length()), a.num("pct_start"),
                    a.str("anneal_strategy").equals("cos"), a.bool("three_phase"), a.num("div_factor"),
                    a.num("final_div_factor"), a.bool("cycle_momentum"), a.num("base_momentum"), a.num("max_momentum"))),
            new ScheduleType("linear", "LinearLR",
                    Unit.EPOCH, true, Set.of(),
                    List.of(Param.number("start_factor", 1.0 / 3, "in (0, 1]", FRACTION),
                    Param.number("end_factor", 1.0, "in [0, 1]", UNIT),
                    Param.integer("total_iters", 5, 1)),
                    a -> new Curves.Linear(a.num("start_factor"), a.num("end_factor"), a.num("total_iters"))),
            new ScheduleType("constant_factor", "ConstantLR",
                    Unit.EPOCH, true, Set.of(),
                    List.of(Param.number("factor", 1.0 / 3, "in [0, 1]", UNIT),
                    Param.integer("total_iters", 5, 0)),
                    a -> new Curves.ConstantFactor(a.num("factor"), a.num("total_iters"))),
            new ScheduleType("polynomial", "PolynomialLR",
                    Unit.EPOCH, true, Set.of(),
                    List.of(Param.integer("total_iters", 5, 1),
                    Param.number("power", 1.0, "> 0", POSITIVE)),
                    a -> new Curves.Polynomial(a.num("total_iters"), a.num("power"))),
            new ScheduleType("linear_decay", "LambdaLR with max(0, 1 − t/total); `total` defaults to the run's length",
                    Unit.EPOCH, true, Set.of("total"),
                    List.of(Param.requiredInteger("total", 1)),
                    a -> new Curves.LinearDecay(a.opt("total").orElse(a.length()))),
            new ScheduleType("inverse_sqrt", "LambdaLR with min((t+1)/W, √(W/(t+1))), W = `warmup_steps` (fairseq's inverse_sqrt; W = 0: 1/√(t+1))",
                    Unit.EPOCH, true, Set.of(),
                    List.of(Param.integer("warmup_steps", 0, 0)),
                    a -> new Curves.InverseSqrt(a.num("warmup_steps"))),
            new ScheduleType("sequential", "SequentialLR: `schedules = [ {...}, ... ]`, one fewer `milestones`",
                    Unit.EPOCH, false, Set.of(),
                    List.of(Param.list("milestones", "increasing integers >= 1", ScheduleTypes::increasing)),
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
            double d = ((Number) x).doubleValue();
            if (d <= prev || d != Math.rint(d)) {
                return false;
            }
            prev = d;
        }
        return true;
    }
}
