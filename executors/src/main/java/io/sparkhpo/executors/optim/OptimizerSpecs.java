package io.sparkhpo.executors.optim;

import io.sparkhpo.search.registry.Param;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The optimizers by config name: the registry of {@link OptimizerType}s, the one place that maps config vocabulary
 * to {@link OptimizerSpec}s ({@link RuleSpec}s, or a {@link SamSpec} around one). A new rule is its {@link UpdateRule}
 * and its entry in {@link OptimizerTypes}.
 *
 * <p>Names are the update rules ({@code sgd, adagrad, rmsprop, adam, nadam, adamax, radam, qhadam}) and aliases:
 * {@code amsgrad} is {@code adam} with {@code amsgrad = true}; a rule name with a trailing {@code w}
 * ({@code sgdw, adamw, nadamw, adamaxw, radamw, qhadamw}) is that rule with decoupled weight decay, in PyTorch's
 * convention ({@code decoupled_lr}) unless {@code decoupled} is asked for. {@code adamw}'s default λ is 0.01 as
 * in torch.optim.AdamW; every other default λ is 0.
 */
public final class OptimizerSpecs {

    /** The registered rules, in the order configs, docs and tables list them. */
    public static final List<OptimizerType> TYPES = OptimizerTypes.ALL;

    public static final List<String> RULES = TYPES.stream().map(OptimizerType::name).toList();
    public static final List<String> DECOUPLED_ALIASES = TYPES.stream().flatMap(t -> t.decoupledName().stream()).toList();
    /** Every config name of an update rule: the rules, the flag aliases, the decoupled aliases (a wrapper's bases). */
    public static final List<String> NAMES = OptimizerTypes.configNames();
    /** The optimizers that wrap a rule ({@link OptimizerWrapper}): SAM. */
    public static final List<OptimizerWrapper> WRAPPERS = List.of(SamSpec.WRAPPER);
    /** What {@code optimizer.name} takes: {@link #NAMES} and the wrappers' names. */
    public static final List<String> CONFIG_NAMES;

    static {
        List<String> names = new ArrayList<>(NAMES);
        WRAPPERS.forEach(w -> names.add(w.name()));
        CONFIG_NAMES = List.copyOf(names);
        Map<String, Param> seen = new LinkedHashMap<>();
        for (OptimizerType t : TYPES) {
            for (Param p : t.params()) {
                Param before = seen.putIfAbsent(p.key(), p);
                if (before != null && !before.sameAs(p)) {
                    throw new IllegalStateException("optimizer parameter " + p.key() + " is defined two ways");
                }
            }
        }
    }

    private OptimizerSpecs() {
    }

    /** The registered rule {@code rule} (a rule name, not an alias). */
    public static OptimizerType type(String rule) {
        return TYPES.stream().filter(t -> t.name().equals(rule)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown update rule '" + rule + "'; known: " + RULES));
    }

    /** The update rule a config name stands for. */
    public static String rule(String name) {
        check(name);
        for (OptimizerType t : TYPES) {
            if (t.flagAlias(name).isPresent() || t.decoupledName().filter(name::equals).isPresent()) {
                return t.name();
            }
        }
        return name;
    }

    /** The keys (besides lr and weight decay) that optimizer {@code name} takes. */
    public static Set<String> keys(String name) {
        return type(rule(name)).defaults().keySet();
    }

    /** Every key some optimizer takes. */
    public static Set<String> allKeys() {
        Set<String> all = new TreeSet<>();
        TYPES.forEach(t -> t.params().forEach(p -> all.add(p.key())));
        return all;
    }

    /** Every rule parameter once (the first rule's definition and default), in registration order. */
    public static List<Param> params() {
        Map<String, Param> out = new LinkedHashMap<>();
        TYPES.forEach(t -> t.params().forEach(p -> out.putIfAbsent(p.key(), p)));
        return List.copyOf(out.values());
    }

    /** PyTorch's default lr; empty for SGD, which has none. */
    public static Optional<Double> defaultLr(String name) {
        return type(rule(name)).defaultLr();
    }

    /** The default λ: the decoupled alias's own (0.01 for adamw, as torch.optim.AdamW), 0 otherwise. */
    public static double defaultWeightDecay(String name) {
        return DECOUPLED_ALIASES.contains(check(name)) ? type(rule(name)).aliasWeightDecay() : 0.0;
    }

    /**
     * The decay mode for {@code name} when none is given ({@code l2} for rule names, {@code decoupled_lr} for the
     * W aliases), and whether a given one fits: a W alias cannot take {@code l2}.
     */
    public static WeightDecayMode decayMode(String name, Optional<WeightDecayMode> given) {
        boolean alias = DECOUPLED_ALIASES.contains(check(name));
        WeightDecayMode mode = given.orElse(alias ? WeightDecayMode.DECOUPLED_LR : WeightDecayMode.L2);
        if (alias && mode == WeightDecayMode.L2) {
            throw new IllegalArgumentException("optimizer " + name + " decouples weight decay; for L2 use optimizer = "
                    + rule(name));
        }
        return mode;
    }

    /**
     * Builds the spec.
     *
     * @param name   config name
     * @param lr     base learning rate
     * @param params values for some of {@link #keys(String)} (Double, Boolean); the rest take their defaults;
     *               keys other optimizers take are ignored (a sweep over optimizers shares one set of values)
     * @throws IllegalArgumentException naming the hyperparameter and value when one is invalid, or an unknown name
     */
    public static OptimizerSpec create(String name, double lr, Map<String, Object> params, WeightDecay wd) {
        OptimizerType t = type(rule(name));
        Map<String, Object> p = t.defaults();
        for (String k : p.keySet()) {
            if (params.containsKey(k)) {
                p.put(k, params.get(k));
            }
        }
        t.flagAlias(name).ifPresent(a -> p.put(a.flag(), true));
        return new RuleSpec(t.name(), lr, p, wd);
    }

    /** The wrapper called {@code name}, if {@code name} is one. */
    public static java.util.Optional<OptimizerWrapper> wrapper(String name) {
        return WRAPPERS.stream().filter(w -> w.name().equals(name)).findFirst();
    }

    /** Every wrapper's keys (SAM's base, rho, adaptive), in order. */
    public static List<Param> wrapperParams() {
        return WRAPPERS.stream().flatMap(w -> w.keys().stream()).toList();
    }

    /**
     * The config name of the rule that steps for optimizer {@code name}: {@code name} itself, or for a wrapper the
     * rule its base key names in {@code values}.
     *
     * @throws IllegalArgumentException when a wrapper's base is missing
     */
    public static String stepping(String name, Map<String, Object> values) {
        return wrapper(name).map(w -> {
            Object base = values.get(w.base().key());
            if (base == null) {
                throw new IllegalArgumentException("optimizer = " + name + " needs optimizer." + w.base().key()
                        + ", the optimizer that steps (one of " + NAMES + ")");
            }
            return (String) base;
        }).orElse(name);
    }

    /**
     * A trial's optimizer: the rule that steps ({@link #stepping}) built from {@code values} (its keys; others are
     * ignored), wrapped when {@code name} is a wrapper.
     *
     * @throws IllegalArgumentException naming the missing base or the invalid value
     */
    public static OptimizerSpec build(String name, double lr, Map<String, Object> values, WeightDecay wd) {
        OptimizerSpec rule = create(stepping(name, values), lr, values, wd);
        return wrapper(name).map(w -> w.wrap(rule, values)).orElse(rule);
    }

    /** A map of alternating keys and values, in order ({@link SamSpec#hyperparameters()}). */
    static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String check(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown optimizer '" + name + "'; known: " + NAMES);
        }
        return name;
    }
}
