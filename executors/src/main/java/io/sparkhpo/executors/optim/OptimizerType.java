package io.sparkhpo.executors.optim;

import io.sparkhpo.search.registry.Param;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A registered update rule, declared once in {@link OptimizerTypes}: its config name, its usual name, PyTorch's
 * default lr, its hyperparameters ({@link RuleParams}: key, default, constraint), its aliases, how its pure
 * {@link UpdateRule} is built from their values, and one line on what it computes (the docs' optimizer table is
 * generated from it). Every rule's {@link OptimizerSpec} is a {@link RuleSpec}: reading, checking, the
 * trials-table columns and the docs all come from this declaration.
 *
 * @param label            the usual name, e.g. {@code Adam} ({@code W} is appended for decoupled decay)
 * @param defaultLr        PyTorch's default lr; empty when it has none (SGD)
 * @param decoupledAlias   whether {@code name + "w"} (e.g. {@code adamw}) names it with decoupled weight decay
 * @param aliasWeightDecay the default λ under that alias (0.01 for {@code adamw}, as torch.optim.AdamW)
 * @param flagAliases      names that stand for it with a flag set, e.g. {@code amsgrad} for adam with amsgrad = true
 * @param rule             the update rule for a full set of values (it checks what spans several values)
 * @param hasMomentum      whether it has a momentum (SGD, RMSprop with μ > 0) or β1 (Adam family) a schedule can cycle
 * @param doc              what it computes, for the docs' optimizer table
 */
public record OptimizerType(String name, String label, Optional<Double> defaultLr, List<Param> params,
                            boolean decoupledAlias, double aliasWeightDecay, List<FlagAlias> flagAliases,
                            Factory rule, Predicate<Values> hasMomentum, String doc) {

    /** Builds the pure update rule from every parameter's value. */
    @FunctionalInterface
    public interface Factory {
        UpdateRule create(Values values);
    }

    /** A name that stands for the rule with {@code flag} set (and is labelled {@code label} then). */
    public record FlagAlias(String name, String flag, String label) {
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
        flagAliases = List.copyOf(flagAliases);
    }

    /** The decoupled alias's name, if it has one. */
    public Optional<String> decoupledName() {
        return decoupledAlias ? Optional.of(name + "w") : Optional.empty();
    }

    /** The flag alias called {@code alias}, if it is one of this rule's. */
    public Optional<FlagAlias> flagAlias(String alias) {
        return flagAliases.stream().filter(a -> a.name().equals(alias)).findFirst();
    }

    /** The usual name for these values: a flag alias's label when its flag is set, else {@link #label()}. */
    public String label(Values v) {
        return flagAliases.stream().filter(a -> v.flag(a.flag())).map(FlagAlias::label).findFirst().orElse(label);
    }

    /** The defaults, in the rule's order. */
    public Map<String, Object> defaults() {
        Map<String, Object> m = new LinkedHashMap<>();
        params.forEach(p -> m.put(p.key(), p.defaultValue().orElseThrow()));
        return m;
    }
}
