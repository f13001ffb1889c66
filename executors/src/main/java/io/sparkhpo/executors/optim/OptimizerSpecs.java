package io.sparkhpo.executors.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The optimizers by their config names: which hyperparameters each takes, their defaults (PyTorch's, or
 * qhoptim's for QHAdam), and the aliases. The one place that maps config vocabulary to {@link OptimizerSpec}s.
 *
 * <p>Names are the update rules ({@code sgd, adagrad, rmsprop, adam, nadam, adamax, radam, qhadam}) and aliases:
 * {@code amsgrad} is {@code adam} with {@code amsgrad = true}; a rule name with a trailing {@code w}
 * ({@code sgdw, adamw, nadamw, adamaxw, radamw, qhadamw}) is that rule with decoupled weight decay, in PyTorch's
 * convention ({@code decoupled_lr}) unless {@code decoupled} is asked for. {@code adamw}'s default λ is 0.01 as
 * in torch.optim.AdamW; every other default λ is 0.
 */
public final class OptimizerSpecs {

    public static final List<String> RULES = List.of("sgd", "adagrad", "rmsprop", "adam", "nadam", "adamax", "radam",
            "qhadam");
    public static final List<String> DECOUPLED_ALIASES = List.of("sgdw", "adamw", "nadamw", "adamaxw", "radamw", "qhadamw");
    public static final List<String> NAMES;

    /** Hyperparameter keys (beyond lr and weight decay) each rule takes, with their defaults. */
    private static final Map<String, Map<String, Object>> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("sgd", ordered("momentum", 0.0, "dampening", 0.0, "nesterov", false));
        DEFAULTS.put("adagrad", ordered("lr_decay", 0.0, "initial_accumulator_value", 0.0, "eps", AdagradSpec.DEFAULT_EPS));
        DEFAULTS.put("rmsprop", ordered("alpha", RmspropSpec.DEFAULT_ALPHA, "eps", RmspropSpec.DEFAULT_EPS,
                "momentum", 0.0, "centered", false));
        DEFAULTS.put("adam", ordered("beta1", AdamSpec.DEFAULT_BETA1, "beta2", AdamSpec.DEFAULT_BETA2,
                "eps", AdamSpec.DEFAULT_EPS, "amsgrad", false));
        DEFAULTS.put("nadam", ordered("beta1", AdamSpec.DEFAULT_BETA1, "beta2", AdamSpec.DEFAULT_BETA2,
                "eps", AdamSpec.DEFAULT_EPS, "momentum_decay", NadamSpec.DEFAULT_MOMENTUM_DECAY));
        DEFAULTS.put("adamax", ordered("beta1", AdamSpec.DEFAULT_BETA1, "beta2", AdamSpec.DEFAULT_BETA2,
                "eps", AdamSpec.DEFAULT_EPS));
        DEFAULTS.put("radam", ordered("beta1", AdamSpec.DEFAULT_BETA1, "beta2", AdamSpec.DEFAULT_BETA2,
                "eps", AdamSpec.DEFAULT_EPS));
        DEFAULTS.put("qhadam", ordered("beta1", AdamSpec.DEFAULT_BETA1, "beta2", AdamSpec.DEFAULT_BETA2,
                "nu1", QhadamSpec.DEFAULT_NU1, "nu2", QhadamSpec.DEFAULT_NU2, "eps", AdamSpec.DEFAULT_EPS));
        List<String> names = new java.util.ArrayList<>(RULES);
        names.add("amsgrad");
        names.addAll(DECOUPLED_ALIASES);
        NAMES = List.copyOf(names);
    }

    private static final Map<String, Double> DEFAULT_LR = Map.of("adagrad", AdagradSpec.DEFAULT_LR,
            "rmsprop", RmspropSpec.DEFAULT_LR, "adam", AdamSpec.DEFAULT_LR, "nadam", NadamSpec.DEFAULT_LR,
            "adamax", AdamaxSpec.DEFAULT_LR, "radam", AdamSpec.DEFAULT_LR, "qhadam", AdamSpec.DEFAULT_LR);

    private OptimizerSpecs() {
    }

    /** The update rule a config name stands for. */
    public static String rule(String name) {
        check(name);
        if (name.equals("amsgrad")) {
            return "adam";
        }
        return DECOUPLED_ALIASES.contains(name) ? name.substring(0, name.length() - 1) : name;
    }

    /** The keys (besides lr and weight decay) that optimizer {@code name} takes. */
    public static Set<String> keys(String name) {
        return DEFAULTS.get(rule(name)).keySet();
    }

    /** Every key some optimizer takes. */
    public static Set<String> allKeys() {
        Set<String> all = new java.util.TreeSet<>();
        DEFAULTS.values().forEach(m -> all.addAll(m.keySet()));
        return all;
    }

    /** PyTorch's default lr; empty for SGD, which has none. */
    public static Optional<Double> defaultLr(String name) {
        return Optional.ofNullable(DEFAULT_LR.get(rule(name)));
    }

    /** The default λ: 0.01 for adamw (torch.optim.AdamW), 0 otherwise. */
    public static double defaultWeightDecay(String name) {
        return "adamw".equals(name) ? 1e-2 : 0.0;
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
     * @throws IllegalArgumentException naming the hyperparameter and value when one is invalid
     */
    public static OptimizerSpec create(String name, double lr, Map<String, Object> params, WeightDecay wd) {
        String rule = rule(name);
        Map<String, Object> p = new LinkedHashMap<>(DEFAULTS.get(rule));
        for (String k : p.keySet()) {
            if (params.containsKey(k)) {
                p.put(k, params.get(k));
            }
        }
        if (name.equals("amsgrad")) {
            p.put("amsgrad", true);
        }
        return switch (rule) {
            case "sgd" -> new SgdSpec(lr, d(p, "momentum"), d(p, "dampening"), b(p, "nesterov"), wd);
            case "adagrad" -> new AdagradSpec(lr, d(p, "lr_decay"), d(p, "initial_accumulator_value"), d(p, "eps"), wd);
            case "rmsprop" -> new RmspropSpec(lr, d(p, "alpha"), d(p, "eps"), d(p, "momentum"), b(p, "centered"), wd);
            case "adam" -> new AdamSpec(lr, d(p, "beta1"), d(p, "beta2"), d(p, "eps"), b(p, "amsgrad"), wd);
            case "nadam" -> new NadamSpec(lr, d(p, "beta1"), d(p, "beta2"), d(p, "eps"), d(p, "momentum_decay"), wd);
            case "adamax" -> new AdamaxSpec(lr, d(p, "beta1"), d(p, "beta2"), d(p, "eps"), wd);
            case "radam" -> new RadamSpec(lr, d(p, "beta1"), d(p, "beta2"), d(p, "eps"), wd);
            default -> new QhadamSpec(lr, d(p, "beta1"), d(p, "beta2"), d(p, "nu1"), d(p, "nu2"), d(p, "eps"), wd);
        };
    }

    private static String check(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown optimizer '" + name + "'; known: " + NAMES);
        }
        return name;
    }

    private static double d(Map<String, Object> p, String k) {
        return ((Number) p.get(k)).doubleValue();
    }

    private static boolean b(Map<String, Object> p, String k) {
        return (Boolean) p.get(k);
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
