package io.sparkhpo.search.pruner;

import io.sparkhpo.search.registry.Registry;
import io.sparkhpo.search.registry.Param;

import java.util.List;
import java.util.Map;

/**
 * The pruners by config name ({@code search.pruner.name}): each one's settings (keys of {@code search.pruner}, with
 * defaults) and how it is built. Steps are epochs trained. A new pruner is its class plus one line in
 * {@link #REGISTRY}.
 */
public final class Pruners {

    /** How a pruner is built from its settings ({@code Long}, {@code Boolean}, {@code Double}) and the run's epochs. */
    @FunctionalInterface
    public interface Factory {
        Pruner create(Map<String, Object> settings, int epochs);
    }

    /** A registered pruner. */
    public record Type(String name, List<Param> settings, Factory factory) {

        /** @throws IllegalArgumentException when the settings do not fit together */
        public Pruner create(Map<String, Object> settings, int epochs) {
            return factory.create(settings, epochs);
        }
    }

    private static final Param STARTUP = Param.integer("startup_trials", 5, 0);
    private static final Param WARMUP = Param.integer("warmup_epochs", 0, 0);

    public static final Registry<Type> REGISTRY = new Registry<>("pruner", List.of(
            new Type("none", List.of(), (s, epochs) -> Pruner.NONE),
            new Type("median", List.of(STARTUP, WARMUP), (s, epochs) ->
                    new PercentilePruner(50, i(s, "startup_trials"), i(s, "warmup_epochs"), 1, 1)),
            new Type("percentile", List.of(Param.requiredNumber("percentile", "e.g. 25: keep the best quarter"), STARTUP,
                    WARMUP), (s, epochs) -> new PercentilePruner((Double) s.get("percentile"), i(s, "startup_trials"),
                    i(s, "warmup_epochs"), 1, 1)),
            new Type("asha", List.of(Param.integer("min_resource", 1, 1), Param.integer("reduction_factor", 4, 2),
                    Param.integer("min_early_stopping_rate", 0, 0)), (s, epochs) ->
                    new SuccessiveHalvingPruner(i(s, "min_resource"), i(s, "reduction_factor"), i(s, "min_early_stopping_rate"))),
            new Type("hyperband", List.of(Param.integer("min_resource", 1, 1), Param.integer("reduction_factor", 3, 2)),
                    (s, epochs) -> new HyperbandPruner(i(s, "min_resource"), epochs, i(s, "reduction_factor")))),
            Type::name);

    private Pruners() {
    }

    /** @throws IllegalArgumentException naming the known pruners */
    public static Type get(String name) {
        return REGISTRY.get(name);
    }

    private static int i(Map<String, Object> s, String key) {
        return Math.toIntExact((Long) s.get(key));
    }
}
