package io.sparkhpo.driver.config;

import io.sparkhpo.executors.optim.OptimizerSpecs;
import io.sparkhpo.executors.optim.WeightDecayMode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks that every optimizer the sweep can produce is a valid one, before anything runs: each optimizer × decay
 * mode combination fits; normalized weight decay only meets decoupled modes; optimizer-specific keys apply to at
 * least one of the sweep's optimizers (SAM's bases stand in for {@code sam}, whose own keys need it); SAM has a base;
 * SGD has a learning rate; and each optimizer, built with the fixed values
 * and the space's bounds and choices, passes its own checks (Nesterov needs momentum, ...).
 */
final class OptimizerChecks {

    private final ConfigReader section;
    private final SpaceReader space;
    private final Map<String, Object> fixed;

    OptimizerChecks(ConfigReader optimizerSection, SpaceReader space, Map<String, Object> fixed) {
        this.section = optimizerSection;
        this.space = space;
        this.fixed = fixed;
    }

    void check() {
        List<Object> optimizers = possible(Hyperparameter.OPTIMIZER, List.of(Hyperparameter.OPTIMIZER.param().defaultValue().orElseThrow()));
        List<Object> stepping = stepping(optimizers);
        List<Object> modes = possible(Hyperparameter.WEIGHT_DECAY_MODE, java.util.Collections.singletonList(null));
        boolean normalized = given(Hyperparameter.WEIGHT_DECAY_NORM);
        Optional<List<Object>> normModes = modesOf(Hyperparameter.WEIGHT_DECAY_NORM);
        if (normalized && given(Hyperparameter.WEIGHT_DECAY) && !exclusiveByMode()) {
            throw blame(Hyperparameter.WEIGHT_DECAY_NORM, "weight_decay_norm replaces weight_decay (λ = λ_norm·√(b/(B·T))); "
                    + "give one of them, or search each under its own weight_decay_mode values "
                    + "(when { weight_decay_mode = ... } on both, with no mode in common)");
        }
        for (Object o : stepping) {
            String name = (String) o;
            for (Object m : modes) {
                WeightDecayMode mode;
                try {
                    mode = OptimizerSpecs.decayMode(name, Optional.ofNullable((String) m).map(WeightDecayMode::fromConfig));
                } catch (IllegalArgumentException e) {
                    throw blame(Hyperparameter.WEIGHT_DECAY_MODE, e.getMessage());
                }
                if (normalized && mode == WeightDecayMode.L2 && normModes.map(ms -> ms.contains(m)).orElse(true)) {
                    throw blame(Hyperparameter.WEIGHT_DECAY_NORM, "normalized weight decay (weight_decay_norm) is for the "
                            + "decoupled modes; optimizer " + name + " would apply it as l2 (set weight_decay_mode)");
                }
            }
            if (OptimizerSpecs.defaultLr(name).isEmpty() && !given(Hyperparameter.LR)) {
                throw blame(Hyperparameter.LR, "optimizer.lr is required for " + name + " (PyTorch has no default)");
            }
        }
        for (Hyperparameter h : Hyperparameter.values()) {
            if (h.optimizerSpecific() && given(h)
                    && stepping.stream().noneMatch(o -> OptimizerSpecs.keys((String) o).contains(h.key()))) {
                Set<String> takers = new TreeSet<>();
                OptimizerSpecs.RULES.stream().filter(r -> OptimizerSpecs.keys(r).contains(h.key())).forEach(takers::add);
                throw blame(h, h.key() + " is taken by " + takers + ", not by the sweep's optimizers " + stepping);
            }
            if (h.wrapper().isPresent() && given(h) && !optimizers.contains(h.wrapper().get().name())) {
                throw blame(h, h.key() + " is for optimizer = " + h.wrapper().get().name() + " (" + h.wrapper().get().doc()
                        + "), not for the sweep's optimizers " + optimizers);
            }
        }
        probe(optimizers);
    }

    /** The optimizers that step: the sweep's, with a wrapper ({@code sam}) replaced by the bases it may wrap. */
    private List<Object> stepping(List<Object> optimizers) {
        List<Object> out = new ArrayList<>();
        for (Object o : optimizers) {
            java.util.Optional<io.sparkhpo.executors.optim.OptimizerWrapper> w = OptimizerSpecs.wrapper((String) o);
            if (w.isEmpty()) {
                out.add(o);
                continue;
            }
            List<Object> bases = possible(Hyperparameter.byKey(w.get().base().key()).orElseThrow(), List.of());
            if (bases.isEmpty()) {
                throw blame(Hyperparameter.OPTIMIZER, "optimizer = " + o + " needs optimizer." + w.get().base().key()
                        + ", the optimizer that steps (" + w.get().doc() + "; one of " + OptimizerSpecs.NAMES + ")");
            }
            bases.stream().filter(b -> !out.contains(b)).forEach(out::add);
        }
        return out;
    }

    /** Builds each optimizer with the fixed values and, for each searched value, its bounds or choices. */
    private void probe(List<Object> optimizers) {
        for (Object o : optimizers) {
            for (Map<String, Object> values : probeValues((String) o)) {
                try {
                    TrialParameters.optimizer(values, TrialParameters.lr(values));
                } catch (IllegalArgumentException e) {
                    throw section.errorHere("optimizer " + o + " with " + values + ": " + e.getMessage());
                }
            }
        }
    }

    private List<Map<String, Object>> probeValues(String optimizer) {
        Map<String, Object> base = new LinkedHashMap<>(fixed);
        base.put(Hyperparameter.OPTIMIZER.key(), optimizer);
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(first(base));
        space.space().params().forEach((k, d) -> {
            if (k.equals(Hyperparameter.OPTIMIZER.key())) {
                return;
            }
            for (Object v : d.grid(2)) {
                Map<String, Object> m = everyFirst(base);
                m.put(k, v);
                out.add(active(m));
            }
        });
        return out;
    }

    /** The values a trial with these parameters would have: conditional ones only where their condition holds. */
    private Map<String, Object> active(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>(space.space().activeOnly(m));
        m.forEach((k, v) -> {
            if (!space.space().params().containsKey(k)) {
                out.putIfAbsent(k, v); // fixed values and the optimizer being probed
            }
        });
        return out;
    }

    /** Fixed values plus the first grid value of every other searched parameter, active ones only. */
    private Map<String, Object> first(Map<String, Object> base) {
        return active(everyFirst(base));
    }

    /** Fixed values plus the first grid value of every other searched parameter, conditional ones included. */
    private Map<String, Object> everyFirst(Map<String, Object> base) {
        Map<String, Object> m = new LinkedHashMap<>(base);
        space.space().params().forEach((k, d) -> m.putIfAbsent(k, d.grid(2).get(0)));
        m.put(Hyperparameter.OPTIMIZER.key(), base.get(Hyperparameter.OPTIMIZER.key()));
        return m;
    }

    /** The weight_decay_mode values a searched parameter is conditioned on, if it is conditioned on the mode. */
    private Optional<List<Object>> modesOf(Hyperparameter h) {
        return Optional.ofNullable(space.space().conditions().get(h.key()))
                .filter(c -> c.parent().equals(Hyperparameter.WEIGHT_DECAY_MODE.key())).map(c -> c.values());
    }

    /** Whether weight_decay and weight_decay_norm are both searched, each under modes the other never has. */
    private boolean exclusiveByMode() {
        Optional<List<Object>> raw = modesOf(Hyperparameter.WEIGHT_DECAY);
        Optional<List<Object>> norm = modesOf(Hyperparameter.WEIGHT_DECAY_NORM);
        return raw.isPresent() && norm.isPresent() && raw.get().stream().noneMatch(norm.get()::contains);
    }

    private boolean given(Hyperparameter h) {
        return fixed.containsKey(h.key()) || space.space().params().containsKey(h.key());
    }

    private List<Object> possible(Hyperparameter h, List<Object> otherwise) {
        if (space.space().params().containsKey(h.key())) {
            return new ArrayList<>(space.space().get(h.key()).grid(2));
        }
        return fixed.containsKey(h.key()) ? List.of(fixed.get(h.key())) : otherwise;
    }

    private ConfigError blame(Hyperparameter h, String problem) {
        if (space.space().params().containsKey(h.key())) {
            return space.errorAt(h.key(), "space." + h.key() + ": " + problem);
        }
        String key = h.fixedAt().substring(h.fixedAt().indexOf('.') + 1);
        return section.has(key) ? section.error(key, problem) : section.errorHere(problem);
    }
}
