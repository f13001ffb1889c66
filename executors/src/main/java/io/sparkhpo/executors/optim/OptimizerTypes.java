package io.sparkhpo.executors.optim;

import io.sparkhpo.executors.optim.OptimizerType.FlagAlias;
import io.sparkhpo.executors.optim.OptimizerType.Values;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import static io.sparkhpo.executors.optim.RuleParams.ALPHA;
import static io.sparkhpo.executors.optim.RuleParams.AMSGRAD;
import static io.sparkhpo.executors.optim.RuleParams.BETA1;
import static io.sparkhpo.executors.optim.RuleParams.BETA2;
import static io.sparkhpo.executors.optim.RuleParams.CENTERED;
import static io.sparkhpo.executors.optim.RuleParams.DAMPENING;
import static io.sparkhpo.executors.optim.RuleParams.EPS;
import static io.sparkhpo.executors.optim.RuleParams.INITIAL_ACCUMULATOR_VALUE;
import static io.sparkhpo.executors.optim.RuleParams.LR_DECAY;
import static io.sparkhpo.executors.optim.RuleParams.MOMENTUM;
import static io.sparkhpo.executors.optim.RuleParams.MOMENTUM_DECAY;
import static io.sparkhpo.executors.optim.RuleParams.NESTEROV;
import static io.sparkhpo.executors.optim.RuleParams.NU1;
import static io.sparkhpo.executors.optim.RuleParams.NU2;

/**
 * The update rules, each declared once: name, usual name, PyTorch's default lr, parameters, aliases, rule and doc.
 * A new rule is its {@link UpdateRule} (in {@link Rules}) plus one entry here and one in {@link #ALL}. The
 * references are PyTorch's optimizers (torch 2.0's NAdam, whose μ product torch 1.13 gets wrong) and
 * facebookresearch/qhoptim's QHAdam; {@code OptimizerGoldenTest} replays their trajectories.
 */
public final class OptimizerTypes {

    private static final Predicate<Values> ALWAYS = v -> true;
    private static final Predicate<Values> WITH_MOMENTUM = v -> v.real("momentum") > 0;

    /** SGD with momentum and Nesterov momentum (torch.optim.SGD, which has no default lr); SGDW when decoupled. */
    public static final OptimizerType SGD = new OptimizerType("sgd", "SGD", Optional.empty(),
            List.of(MOMENTUM, DAMPENING, NESTEROV), true, 0.0, List.of(), OptimizerTypes::sgd, WITH_MOMENTUM,
            "SGD; momentum `b ← μb + (1−dampening)g` (`b ← g` at step 1), Nesterov uses `g + μb` "
                    + "(needs momentum > 0, dampening 0)");

    /** Adagrad (Duchi et al. 2011): the rate is α/(1 + (t−1)·lr_decay). */
    public static final OptimizerType ADAGRAD = new OptimizerType("adagrad", "Adagrad", Optional.of(1e-2),
            List.of(LR_DECAY, INITIAL_ACCUMULATOR_VALUE, EPS.withDefault(1e-10)), false, 0.0, List.of(),
            v -> new Rules.Adagrad(v.real("lr_decay"), v.real("initial_accumulator_value"), v.real("eps")),
            v -> false, "Adagrad; the rate is α/(1 + (t−1)·lr_decay)");

    /** RMSprop (Hinton's lecture 6e), with momentum and the centered variant. */
    public static final OptimizerType RMSPROP = new OptimizerType("rmsprop", "RMSprop", Optional.of(1e-2),
            List.of(ALPHA.withDefault(0.99), EPS.withDefault(1e-8), MOMENTUM, CENTERED), false, 0.0, List.of(),
            v -> new Rules.Rmsprop(v.real("alpha"), v.real("eps"), v.real("momentum"), v.flag("centered")),
            WITH_MOMENTUM, "RMSprop, with momentum, centered");

    /**
     * Adam (Kingma & Ba 2015), AMSGrad (Reddi et al. 2018) with {@code amsgrad}, AdamW (Loshchilov & Hutter 2019)
     * with decoupled decay; {@code adamw}'s default λ is torch.optim.AdamW's 0.01.
     */
    public static final OptimizerType ADAM = new OptimizerType("adam", "Adam", Optional.of(1e-3),
            List.of(BETA1, BETA2, EPS, AMSGRAD), true, 1e-2, List.of(new FlagAlias("amsgrad", "amsgrad", "AMSGrad")),
            v -> new Rules.Adam(v.real("beta1"), v.real("beta2"), v.real("eps"), v.flag("amsgrad")), ALWAYS,
            "Adam / AdamW; `amsgrad` is `adam` with `amsgrad = true`");

    /** NAdam (Dozat 2016) as torch 2.0 computes it: μ_t = β1(1 − ½·0.96^(t·momentum_decay)). */
    public static final OptimizerType NADAM = new OptimizerType("nadam", "NAdam", Optional.of(2e-3),
            List.of(BETA1, BETA2, EPS, MOMENTUM_DECAY), true, 0.0, List.of(),
            v -> new Rules.Nadam(v.real("beta1"), v.real("beta2"), v.real("eps"), v.real("momentum_decay")), ALWAYS,
            "NAdam (torch 2.0)");

    /** Adamax, Adam's infinity-norm variant (Kingma & Ba 2015, §7). */
    public static final OptimizerType ADAMAX = new OptimizerType("adamax", "Adamax", Optional.of(2e-3),
            List.of(BETA1, BETA2, EPS), true, 0.0, List.of(),
            v -> new Rules.Adamax(v.real("beta1"), v.real("beta2"), v.real("eps")), ALWAYS, "Adamax");

    /** RAdam (Liu et al. 2020); decoupled, torch 2's {@code RAdam(decoupled_weight_decay=True)}. */
    public static final OptimizerType RADAM = new OptimizerType("radam", "RAdam", Optional.of(1e-3),
            List.of(BETA1, BETA2, EPS), true, 0.0, List.of(),
            v -> new Rules.Radam(v.real("beta1"), v.real("beta2"), v.real("eps")), ALWAYS,
            "RAdam; `radamw` is torch 2's `RAdam(decoupled_weight_decay=True)`");

    /**
     * QHAdam (Ma & Yarats 2019) as qhoptim computes it, with qhoptim's defaults (nus 1, 1: Adam up to the bias
     * correction); decoupled, qhoptim's QHAdamW.
     */
    public static final OptimizerType QHADAM = new OptimizerType("qhadam", "QHAdam", Optional.of(1e-3),
            List.of(BETA1, BETA2, NU1, NU2, EPS), true, 0.0, List.of(),
            v -> new Rules.Qhadam(v.real("beta1"), v.real("beta2"), v.real("nu1"), v.real("nu2"), v.real("eps")),
            ALWAYS, "QHAdam; `qhadamw` is qhoptim's QHAdamW (the paper suggests nus 0.7, 1.0 with betas 0.995, 0.999)");

    /** The registered rules, in the order configs, docs and tables list them. */
    public static final List<OptimizerType> ALL = List.of(SGD, ADAGRAD, RMSPROP, ADAM, NADAM, ADAMAX, RADAM, QHADAM);

    private OptimizerTypes() {
    }

    /** Every config name of an update rule, in this order: the rules, their flag aliases, their decoupled aliases. */
    static List<String> configNames() {
        List<String> names = new java.util.ArrayList<>(ALL.stream().map(OptimizerType::name).toList());
        ALL.forEach(t -> t.flagAliases().forEach(a -> names.add(a.name())));
        ALL.forEach(t -> t.decoupledName().ifPresent(names::add));
        return List.copyOf(names);
    }

    private static UpdateRule sgd(Values v) {
        double momentum = v.real("momentum");
        double dampening = v.real("dampening");
        boolean nesterov = v.flag("nesterov");
        if (nesterov && (momentum == 0 || dampening != 0)) {
            throw new IllegalArgumentException("sgd nesterov needs momentum > 0 and dampening = 0, got momentum="
                    + momentum + ", dampening=" + dampening);
        }
        return new Rules.Sgd(momentum, dampening, nesterov);
    }
}
