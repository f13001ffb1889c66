package io.sparkhpo.driver.config;

import com.typesafe.config.Config;
import io.sparkhpo.driver.tables.Objective;
import io.sparkhpo.search.pruner.Pruner;
import io.sparkhpo.search.sampler.Samplers;
import io.sparkhpo.search.trial.Direction;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a sweep of a user's objective: a config with an {@code objective} section (docs/objective.md):
 * {@code study}, {@code objective { class, params, max_steps }}, {@code search}, {@code space} (any names) and
 * {@code spark}. The class is made once on the driver, with the class loader that holds the user's jars, so a
 * missing class, a wrong type or a throwing constructor is a config error before any trial runs.
 */
public final class ObjectiveConfigLoader {

    static final Set<String> SECTIONS = Set.of("study", "objective", "search", "space", "spark");
    /** The Spark setting that fixes the port runners reach the driver at ({@code spark { sparkhpo.runner.port = N }}). */
    public static final String RUNNER_PORT = "spark.sparkhpo.runner.port";
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private ObjectiveConfigLoader() {
    }

    /** Whether the file is a user objective's config (it has an {@code objective} section). */
    public static boolean declaresObjective(Path file) {
        return Files.isRegularFile(file) && SweepConfigLoader.parseFile(file).hasPath("objective");
    }

    /** @throws ConfigError naming the file, line, key and value at the first problem */
    public static ObjectiveSweepConfig load(Path file, ClassLoader loader) {
        return read(file, SweepConfigLoader.parseFile(file), loader);
    }

    static ObjectiveSweepConfig read(Path file, Config config, ClassLoader loader) {
        String name = file.toString();
        ConfigReader root = ConfigReader.root(name, config, SECTIONS);
        SweepConfig.Study study = SweepConfigLoader.study(root.section("study", SweepKeys.STUDY));
        ConfigReader o = root.section("objective", SweepKeys.OBJECTIVE_SECTION);
        String className = (String) o.get(SweepKeys.CLASS);
        ObjectiveSource source = ObjectiveSource.ofClass(className);
        boolean multi;
        try {
            source.check(loader);
            multi = source.multi(loader);
        } catch (IllegalArgumentException e) {
            throw o.error("class", "objective.class = " + ConfigReader.quote(className) + ": " + e.getMessage());
        }
        int maxSteps = SweepConfigLoader.intOf(o, SweepKeys.MAX_STEPS);
        ConfigReader s = root.section("search", SweepKeys.OBJECTIVE_SEARCH);
        Samplers.Type sampler = Samplers.get((String) s.get(SweepKeys.SAMPLER));
        long seed = (Long) s.get(SweepKeys.SEARCH_SEED);
        SpaceReader space = new SpaceReader(root.open("space"), sampler, true);
        Map<String, Object> fixed = fixed(o, space);
        checkNames(root, space, fixed);
        List<String> names = new ArrayList<>();
        List<Direction> directions = directions(s, names, sampler, multi, className);
        Pruner pruner = SweepConfigLoader.pruner(s, maxSteps);
        java.util.Optional<io.sparkhpo.search.pbt.Pbt.Settings> pbt = PbtReader.read(s, sampler, space, maxSteps,
                "objective.max_steps", "steps", pruner, names.size(), seed);
        int trials = pbt.isPresent() ? pbt.get().population() : SweepConfigLoader.trials(s, sampler, space);
        Map<String, Object> settings = s.settings(sampler.settings(), "the " + sampler.name() + " sampler");
        SweepConfigLoader.checkSamplerSettings(s, sampler);
        if (sampler.budgets() == Samplers.Budgets.REQUIRED && pruner == Pruner.NONE) {
            pruner = io.sparkhpo.search.pruner.HyperbandPruner.of(1, maxSteps); // BOHB is Hyperband's model, as for the built-in network
        }
        if (names.size() > 1 && pruner != Pruner.NONE) {
            throw s.error("pruner", "search.pruner judges one value: a study of " + names.size()
                    + " objectives (search.objectives) cannot be pruned; remove search.pruner");
        }
        ObjectiveSweepConfig.Search search = new ObjectiveSweepConfig.Search(sampler.name(), trials,
                SweepConfigLoader.optInt(s, SweepKeys.PARALLELISM), seed, directions, settings,
                pruner, s.get(SweepKeys.RESUME).equals("auto"), SweepConfigLoader.intOf(s, SweepKeys.MAX_TRIAL_RETRIES), pbt);
        Map<String, String> spark = SweepConfigLoader.spark(root);
        String port = spark.get(RUNNER_PORT);
        if (port != null && !port.trim().matches("\\d{1,5}") || port != null && Integer.parseInt(port.trim()) > 65535) {
            throw root.error("spark", RUNNER_PORT + " must be a port number (0 for a free one), got " + ConfigReader.quote(port));
        }
        return new ObjectiveSweepConfig(file, study, source, fixed, maxSteps, search, space.space(), space.grid(),
                spark, names);
    }

    /** {@code objective.params { epochs = 10, data = "/data/x" }}: given to every trial, not searched. */
    private static Map<String, Object> fixed(ConfigReader o, SpaceReader space) {
        Map<String, Object> out = new LinkedHashMap<>();
        o.open("params").ifPresent(p -> {
            for (String k : p.keys()) {
                Object v = ConfigReader.plain(p.raw(k).orElseThrow().unwrapped());
                if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
                    throw p.error(k, p.path(k) + " must be a string, a number or a boolean, got " + v);
                }
                if (space.space().params().containsKey(k)) {
                    throw p.error(k, k + " is both fixed (" + p.path(k) + ") and searched (space." + k + "); remove one");
                }
                out.put(k, v instanceof Number n && !(v instanceof Long) ? n.doubleValue() : v);
            }
        });
        return out;
    }

    /** Parameter names become columns of the trials table ({@code params_NAME}): identifiers. */
    private static void checkNames(ConfigReader root, SpaceReader space, Map<String, Object> fixed) {
        for (String k : space.space().params().keySet()) {
            if (!NAME.matcher(k).matches()) {
                throw space.errorAt(k, "space." + k + ": a parameter's name must be letters, digits and '_' (it names "
                        + "a column), got " + ConfigReader.quote(k));
            }
        }
        for (String k : fixed.keySet()) {
            if (!NAME.matcher(k).matches()) {
                throw root.error("objective", "objective.params." + k + ": a parameter's name must be letters, digits "
                        + "and '_' (it names a column), got " + ConfigReader.quote(k));
            }
        }
    }

    /**
     * {@code search.direction = minimize|maximize} for an {@code Objective}; {@code search.objectives = [NAME, ...]}
     * with {@code search.directions} for a {@code MultiObjective}.
     */
    private static List<Direction> directions(ConfigReader s, List<String> names, Samplers.Type sampler, boolean multi,
                                              String className) {
        if (!multi) {
            if (s.has("objectives") || s.has("directions")) {
                throw s.error(s.has("objectives") ? "objectives" : "directions", className + " is an Objective (one "
                        + "value): search.objectives and search.directions are for a MultiObjective; use search.direction");
            }
            names.add(ObjectiveSweepConfig.VALUE);
            String d = (String) s.get(SweepKeys.DIRECTION);
            return List.of(Objective.direction(d).orElseThrow());
        }
        if (s.has("direction")) {
            throw s.error("direction", className + " is a MultiObjective: give search.objectives and search.directions");
        }
        if (!s.has("objectives")) {
            throw s.errorHere("search.objectives is required: " + className + " is a MultiObjective (name each value "
                    + "its evaluate returns)");
        }
        for (Object v : s.scalarList("objectives")) {
            if (!(v instanceof String n) || !NAME.matcher(n).matches() || names.contains(n)) {
                throw s.error("objectives", "search.objectives must list distinct names (letters, digits, '_'), got "
                        + (v instanceof String ? ConfigReader.quote((String) v) : v));
            }
            names.add(n);
        }
        List<Object> given = s.has("directions") ? s.scalarList("directions") : List.of();
        if (given.size() != names.size()) {
            throw s.error("directions", "search.directions needs one direction per objective (" + names.size()
                    + "), got " + given.size());
        }
        List<Direction> out = new ArrayList<>();
        for (Object g : given) {
            out.add((g instanceof String d ? Objective.direction(d) : java.util.Optional.<Direction>empty())
                    .orElseThrow(() -> s.error("directions", "search.directions takes minimize or maximize, got " + g)));
        }
        if (names.size() > 1 && !sampler.multiObjective()) {
            throw s.error("objectives", "search.sampler = " + sampler.name() + " models one objective; with several "
                    + "use one of " + Samplers.REGISTRY.entries().stream().filter(Samplers.Type::multiObjective)
                    .map(Samplers.Type::name).toList());
        }
        return out;
    }
}
