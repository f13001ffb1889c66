package io.sparkhpo.search.sampler;

import io.sparkhpo.search.registry.Registry;
import io.sparkhpo.search.registry.Param;

import io.sparkhpo.search.space.SearchSpace;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The samplers by config name ({@code search.sampler}): each one's settings (keys of the {@code search} section,
 * with defaults), what it needs from the space, and how it is built. The config loader, the CLI, the sweep and the
 * benchmarks all read from here; a new sampler is its class plus one line in {@link #REGISTRY}.
 */
public final class Samplers {

    /**
     * What a sampler is built from.
     *
     * @param points   grid points per space entry (the grid sampler's; empty for the others)
     * @param settings the values of {@link Type#settings()}, defaults filled in ({@code Long}, {@code Boolean}, {@code Double})
     */
    public record Context(long seed, SearchSpace space, Map<String, Integer> points, Map<String, Object> settings) {

        public long integer(String key) {
            return (Long) settings.get(key);
        }

        public boolean flag(String key) {
            return (Boolean) settings.get(key);
        }
    }

    /** What a sampler does with the values trials report at each budget (epochs trained) under a pruner. */
    public enum Budgets {
        /** It models final values only (or none). */
        IGNORED,
        /**
         * With its {@code largest_budget} setting and a pruner, it is fitted at the largest budget with enough values
         * ({@link BohbSampler}), as BOHB is; otherwise on final values, pruned trials ranked by how far they got.
         */
        OPTIONAL,
        /** It is BOHB: it needs a pruner's budgets (the config adds Hyperband when no pruner is set). */
        REQUIRED
    }

    /**
     * A registered sampler.
     *
     * @param label      its usual name, for messages (e.g. {@code TPE})
     * @param settings   its keys in the {@code search} section
     * @param enumerates it walks a finite grid: space entries give {@code points}, and trials default to the grid's size
     * @param learns     it chooses later trials from earlier results (so a dry run shows only its start)
     * @param budgets    what it makes of intermediate values
     * @param multiObjective it serves a study of several objectives (a Pareto front): those that ignore the values,
     *                   TPE (as MOTPE) and NSGA-II; GP, CMA-ES and BOHB model one value
     */
    public record Type(String name, String label, List<Param> settings, boolean enumerates, boolean learns,
                       Budgets budgets, boolean multiObjective, Function<Context, Sampler> factory) {

        public Sampler create(Context c) {
            return factory.apply(c);
        }

        /** A context with this sampler's default settings, {@code overrides} replacing some (no grid points). */
        public Context context(long seed, SearchSpace space, Map<String, Object> overrides) {
            Map<String, Object> values = new java.util.LinkedHashMap<>();
            settings.forEach(st -> values.put(st.key(), st.defaultValue().orElseThrow()));
            values.putAll(overrides);
            return new Context(seed, space, Map.of(), values);
        }

        /**
         * The sampler for a study pruned by {@code pruner}: a {@link Budgets#OPTIONAL} one with {@code largest_budget}
         * set is fitted at the largest budget with at least {@code max(2 (d + 1), startup_trials)} values.
         */
        public Sampler create(Context c, io.sparkhpo.search.pruner.Pruner pruner) {
            Sampler s = create(c);
            if (budgets != Budgets.OPTIONAL || pruner == io.sparkhpo.search.pruner.Pruner.NONE || !c.flag(LARGEST_BUDGET)) {
                return s;
            }
            int startup = c.settings().containsKey("startup_trials") ? (int) c.integer("startup_trials") : 0;
            return BohbSampler.atLargestBudget(c.seed(), s, Math.max(2 * (c.space().names().size() + 1), startup));
        }
    }

    /** The setting of TPE and GP that fits them at the largest budget under a pruner ({@link Budgets#OPTIONAL}). */
    public static final String LARGEST_BUDGET = "largest_budget";

    /** Docs of the settings several samplers share (docs/config.md). */
    private static final String STARTUP_DOC = "TPE and GP: finished trials before it starts modelling (TPE draws them at random, GP from a scrambled Sobol sequence)";
    private static final String LARGEST_BUDGET_DOC = "TPE, GP: with a pruner, fit the model at the largest budget (epochs trained) at which enough trials reported, as BOHB does, instead of on final values (search/README.md)";

    public static final Registry<Type> REGISTRY = new Registry<>("sampler", List.of(
            new Type("grid", "grid", List.of(), true, false, Budgets.IGNORED, true, c -> GridSampler.fromSpace(c.space(), c.points())),
            new Type("random", "random", List.of(), false, false, Budgets.IGNORED, true, c -> new RandomSampler(c.seed())),
            new Type("sobol", "Sobol", List.of(), false, false, Budgets.IGNORED, true, c -> new SobolSampler(c.seed())),
            new Type("tpe", "TPE", List.of(Param.integer("startup_trials", 10, 0).documented(STARTUP_DOC), Param.flag("multivariate", false)
                    .documented("TPE: model the unconditional parameters jointly"),
                    Param.flag("constant_liar", true)
                    .documented("TPE: count running trials as bad, so parallel trials spread out"), Param.flag(LARGEST_BUDGET, false).documented(LARGEST_BUDGET_DOC)), false, true, Budgets.OPTIONAL, true, c -> new TpeSampler(c.seed(),
                    TpeSampler.Options.defaults().withStartupTrials((int) c.integer("startup_trials"))
                            .withMultivariate(c.flag("multivariate")).withConstantLiar(c.flag("constant_liar")))),
            new Type("cmaes", "CMA-ES", List.of(), false, true, Budgets.IGNORED, false, c -> new CmaEsSampler(c.seed())),
            new Type("nsga2", "NSGA-II", List.of(Param.integer("population_size", 50, 2).documented("NSGA-II: trials per generation")), false, true, Budgets.IGNORED, true,
                    c -> new NsgaIISampler(c.seed(), (int) c.integer("population_size"))),
            new Type("bohb", "BOHB", List.of(), false, true, Budgets.REQUIRED, false, c -> BohbSampler.bohb(c.seed())),
            new Type("gp", "GP", List.of(Param.integer("startup_trials", 10, 1).documented(STARTUP_DOC), Param.integer("max_history", 250, 2)
                    .documented("GP: the most finished trials its Gaussian process is fitted on; above it, the best half of that many and a seeded random draw of the others"),
                    Param.flag(LARGEST_BUDGET, false).documented(LARGEST_BUDGET_DOC)), false, true, Budgets.OPTIONAL, false, c -> new GpSampler(c.seed(), GpSampler.Options.defaults()
                    .withStartupTrials((int) c.integer("startup_trials")).withMaxHistory((int) c.integer("max_history"))))),
            Type::name);

    /** The sampler that a config's {@code search.sampler} names when it names none. */
    public static final String DEFAULT = "random";

    private Samplers() {
    }

    /** @throws IllegalArgumentException naming the known samplers */
    public static Type get(String name) {
        return REGISTRY.get(name);
    }

    /** The settings of every sampler, by key, with the samplers that take each (TPE and GP share startup_trials). */
    public static Map<String, List<Type>> settingOwners() {
        Map<String, List<Type>> owners = new java.util.LinkedHashMap<>();
        for (Type t : REGISTRY.entries()) {
            t.settings().forEach(s -> owners.computeIfAbsent(s.key(), k -> new java.util.ArrayList<>()).add(t));
        }
        return owners;
    }
}
