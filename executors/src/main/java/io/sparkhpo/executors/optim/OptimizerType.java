package io.sparkhpo.executors.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A registered update rule: its config name, its usual name, PyTorch's default lr, its hyperparameters with their
 * defaults, its aliases, and how its {@link OptimizerSpec} is built. Each spec record declares its own
 * ({@code AdamSpec.TYPE}); {@link OptimizerSpecs} lists them.
 *
 * @param label            the usual name, e.g. {@code Adam} ({@code W} is appended for decoupled decay)
 * @param defaultLr        PyTorch's default lr; empty when it has none (SGD)
 * @param decoupledAlias   whether {@code name + "w"} (e.g. {@code adamw}) names it with decoupled weight decay
 * @param aliasWeightDecay the default λ under that alias (0.01 for {@code adamw}, as torch.optim.AdamW)
 * @param flagAliases      names that stand for it with a flag set, e.g. {@code amsgrad} for adam with amsgrad = true
 */
public record OptimizerType(String name, String label, Optional<Double> defaultLr, List<RuleParam> params,
                            boolean decoupledAlias, double aliasWeightDecay, Map<String, String> flagAliases,
                            Factory factory) {

    /** Builds the spec from lr, every parameter's value (defaults filled in) and the weight decay. */
    @FunctionalInterface
    public interface Factory {
        OptimizerSpec create(double lr, Values values, WeightDecay wd);
    }

    /** A rule's parameter values by key: {@code Double} or {@code Boolean}. */
    public record Values(Map<String, Object> map) {
        public double real(String key) {
            return ((Number) map.get(key)).doubleValue();
        }

        public boolean flag(String key) {
            return (Boolean) map.get(key);
        }
    }

    public OptimizerType {
        params = List.copyOf(params);
        flagAliases = Map.copyOf(flagAliases);
    }

    /** A rule with no aliases but {@code name + "w"}. */
    public static OptimizerType of(String name, String label, Double defaultLr, List<RuleParam> params, Factory factory) {
        return new OptimizerType(name, label, Optional.ofNullable(defaultLr), params, true, 0.0, Map.of(), factory);
    }

    /** The decoupled alias's name, if it has one. */
    public Optional<String> decoupledName() {
        return decoupledAlias ? Optional.of(name + "w") : Optional.empty();
    }

    /** The defaults, in the rule's order. */
    public Map<String, Object> defaults() {
        Map<String, Object> m = new LinkedHashMap<>();
        params.forEach(p -> m.put(p.key(), p.defaultValue()));
        return m;
    }
}
