package io.sparkhpo.executors.optim;

import io.sparkhpo.search.registry.Param;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@link OptimizerSpec} of every registered update rule: the rule's config name, α, its hyperparameters (every
 * key its {@link OptimizerType} declares, each checked against the declaration) and the weight decay. Build it with
 * {@link OptimizerSpecs#create}, which fills in defaults and resolves aliases; the constructor checks a full set.
 *
 * @param name            the rule's name ({@code adam}, not an alias)
 * @param hyperparameters every parameter of the rule, by key, in the rule's order ({@code Double} or {@code Boolean})
 */
public record RuleSpec(String name, double lr, Map<String, Object> hyperparameters, WeightDecay weightDecay)
        implements OptimizerSpec {

    public RuleSpec {
        OptimizerType t = OptimizerSpecs.type(name);
        Check.positive(name + " lr", lr);
        java.util.Objects.requireNonNull(weightDecay, name + " weight decay");
        Set<String> unknown = new java.util.TreeSet<>(hyperparameters.keySet());
        Map<String, Object> checked = new LinkedHashMap<>();
        for (Param p : t.params()) {
            unknown.remove(p.key());
            if (!hyperparameters.containsKey(p.key())) {
                throw new IllegalArgumentException(name + " needs " + p.key() + " (" + p.constraint() + ")");
            }
            checked.put(p.key(), p.checked(name, hyperparameters.get(p.key())));
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(name + " takes no " + unknown + "; its keys: " + t.defaults().keySet());
        }
        hyperparameters = Collections.unmodifiableMap(checked);
        t.rule().create(values(hyperparameters)); // checks what spans several values (sgd's nesterov)
    }

    private OptimizerType type() {
        return OptimizerSpecs.type(name);
    }

    private static OptimizerType.Values values(Map<String, Object> m) {
        return new OptimizerType.Values(m);
    }

    @Override
    public UpdateRule rule() {
        return type().rule().create(values(hyperparameters));
    }

    @Override
    public RuleSpec withLr(double newLr) {
        return new RuleSpec(name, newLr, hyperparameters, weightDecay);
    }

    @Override
    public boolean hasMomentum() {
        return type().hasMomentum().test(values(hyperparameters));
    }

    @Override
    public String baseLabel() {
        return type().label(values(hyperparameters));
    }

    /** The value of a real-valued hyperparameter. */
    public double real(String key) {
        return values(hyperparameters).real(requireKey(key));
    }

    /** The value of a flag. */
    public boolean flag(String key) {
        return values(hyperparameters).flag(requireKey(key));
    }

    private String requireKey(String key) {
        if (!hyperparameters.containsKey(key)) {
            throw new IllegalArgumentException(name + " has no " + key + "; its keys: " + hyperparameters.keySet());
        }
        return key;
    }
}
