package io.sparkhpo.driver.config;

import io.sparkhpo.search.space.CategoricalDistribution;
import io.sparkhpo.search.space.Condition;
import io.sparkhpo.search.space.Distribution;
import io.sparkhpo.search.space.FloatDistribution;
import io.sparkhpo.search.space.IntDistribution;
import io.sparkhpo.search.space.SearchSpace;

import io.sparkhpo.search.registry.Param;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code space} section: one entry per searched hyperparameter, e.g.
 * {@code lr { type = float, low = 1e-4, high = 1e-1, log = true }}. Bounds and choices are checked against
 * the hyperparameter's constraint; {@code points} (grid points) is required by the grid sampler for numeric
 * entries and rejected by the random sampler.
 */
final class SpaceReader {

    private static final Set<String> FLOAT_KEYS = Set.of("type", "low", "high", "log", "step", "points", "when");
    private static final Set<String> INT_KEYS = Set.of("type", "low", "high", "log", "step", "points", "when");
    private static final Set<String> CATEGORICAL_KEYS = Set.of("type", "values", "when");

    private final Optional<ConfigReader> section;
    private final SearchSpace space;
    private final Map<String, Integer> grid = new LinkedHashMap<>();
    /** A user objective's space: any names, typed by their entries ({@link Hyperparameter#free}). */
    private final boolean free;
    private final Map<String, Hyperparameter> read = new LinkedHashMap<>();

    SpaceReader(Optional<ConfigReader> section, io.sparkhpo.search.sampler.Samplers.Type sampler) {
        this(section, sampler, false);
    }

    SpaceReader(Optional<ConfigReader> section, io.sparkhpo.search.sampler.Samplers.Type sampler, boolean free) {
        this.section = section;
        this.free = free;
        SearchSpace.Builder b = SearchSpace.builder();
        if (section.isPresent()) {
            ConfigReader s = section.get();
            for (String key : orderedKeys(s)) {
                ConfigReader entry = s.open(key).orElseThrow(() -> s.error(key, "space." + key
                        + " must be an object { type = ..., ... }"));
                Hyperparameter h = free ? Hyperparameter.free(key, entry.optString("type").orElse(""))
                        : Hyperparameter.byKey(key).orElseThrow(() -> s.error(key,
                        "unknown hyperparameter space." + key + " (searchable: " + Hyperparameter.keys() + ")"));
                read.put(key, h);
                Distribution d = distribution(h, entry, sampler);
                Optional<Condition> when = condition(entry, b);
                if (when.isPresent()) {
                    try {
                        b.add(key, d, when.get());
                    } catch (IllegalArgumentException ex) {
                        throw entry.error("when", entry.path("when") + ": " + ex.getMessage());
                    }
                } else {
                    b.add(key, d);
                }
            }
        }
        this.space = b.build();
    }

    SearchSpace space() {
        return space;
    }

    /**
     * {@code when { optimizer = [sgd, nesterov] }} (or one value): the parameter exists only for those values of an
     * earlier searched parameter of the space.
     */
    private Optional<Condition> condition(ConfigReader e, SearchSpace.Builder built) {
        if (!e.has("when")) {
            return Optional.empty();
        }
        ConfigReader w = e.open("when").orElseThrow(() -> e.error("when", e.path("when")
                + " must be an object naming one earlier parameter, e.g. when { optimizer = [qhadam] }"));
        if (w.keys().size() != 1) {
            throw e.error("when", e.path("when") + " must name exactly one parameter, got " + w.keys());
        }
        String parent = w.keys().iterator().next();
        Hyperparameter ph = (free ? Optional.ofNullable(read.get(parent)) : Hyperparameter.byKey(parent))
                .orElseThrow(() -> w.error(parent, "unknown hyperparameter " + w.path(parent) + " (searchable: "
                        + (free ? "the space's earlier entries " + read.keySet() : Hyperparameter.keys()) + ")"));
        List<Object> raw = w.raw(parent).filter(v -> v.valueType() == com.typesafe.config.ConfigValueType.LIST).isPresent()
                ? w.scalarList(parent) : List.of(w.raw(parent).orElseThrow().unwrapped());
        List<Object> values = new ArrayList<>();
        for (Object r : raw) {
            values.add(coerce(ph, r));
        }
        if (values.isEmpty()) {
            throw w.error(parent, w.path(parent) + " must list at least one value");
        }
        return Optional.of(new Condition(parent, values));
    }

    Map<String, Integer> grid() {
        return grid;
    }

    ConfigError errorAt(String key, String problem) {
        return section.orElseThrow().error(key, problem);
    }

    /** Keys in file order (Typesafe Config keeps objects unordered), so the sampler's order follows the file. */
    private static List<String> orderedKeys(ConfigReader s) {
        List<String> keys = new ArrayList<>(s.keys());
        keys.sort((a, b) -> Integer.compare(s.lineOf(a), s.lineOf(b)));
        return keys;
    }

    private Distribution distribution(Hyperparameter h, ConfigReader e, io.sparkhpo.search.sampler.Samplers.Type sampler) {
        String type = e.optString("type").orElseThrow(() -> e.errorHere(e.path("type") + " is required (float, int or categorical)"));
        List<String> allowedTypes = switch (h.kind()) {
            case NUMBER -> List.of("float", "categorical");
            case INTEGER -> List.of("int", "categorical");
            default -> List.of("categorical");
        };
        if (!allowedTypes.contains(type)) {
            throw e.error("type", e.path("type") + " must be one of " + allowedTypes + " for " + h.key() + ", got \"" + type + "\"");
        }
        try {
            return switch (type) {
                case "float" -> floatDistribution(h, e, sampler);
                case "int" -> intDistribution(h, e, sampler);
                case "categorical" -> categorical(h, e);
                default -> throw new IllegalStateException("space type " + type);
            };
        } catch (IllegalArgumentException ex) {
            throw e.errorHere(e.prefix() + ": " + ex.getMessage());
        }
    }

    private Distribution floatDistribution(Hyperparameter h, ConfigReader e, io.sparkhpo.search.sampler.Samplers.Type sampler) {
        e.checkOnly(FLOAT_KEYS);
        double low = e.optDouble("low").orElseThrow(() -> e.errorHere(e.path("low") + " is required"));
        double high = e.optDouble("high").orElseThrow(() -> e.errorHere(e.path("high") + " is required"));
        checkBound(h, e, "low", low);
        checkBound(h, e, "high", high);
        boolean log = e.bool("log", false);
        if (log && low <= 0) {
            throw e.error("low", e.path("low") + " must be > 0 when log = true, got " + low);
        }
        if (low > high) {
            throw e.error("low", e.path("low") + " must be <= high (" + high + "), got " + low);
        }
        points(h, e, sampler);
        double step = e.optDouble("step").orElse(0.0);
        if (step < 0 || (step > 0 && log)) {
            throw e.error("step", e.path("step") + " must be > 0 and cannot be combined with log = true, got " + step);
        }
        return new FloatDistribution(low, high, log, step);
    }

    private Distribution intDistribution(Hyperparameter h, ConfigReader e, io.sparkhpo.search.sampler.Samplers.Type sampler) {
        e.checkOnly(INT_KEYS);
        long low = e.optLong("low", Long.MIN_VALUE).orElseThrow(() -> e.errorHere(e.path("low") + " is required"));
        long high = e.optLong("high", Long.MIN_VALUE).orElseThrow(() -> e.errorHere(e.path("high") + " is required"));
        checkBound(h, e, "low", low);
        checkBound(h, e, "high", high);
        if (low > high) {
            throw e.error("low", e.path("low") + " must be <= high (" + high + "), got " + low);
        }
        long step = e.longValue("step", 1, 1);
        boolean log = e.bool("log", false);
        if (sampler.enumerates() && !e.has("points")) {
            grid.put(h.key(), (int) Math.min(Integer.MAX_VALUE, (high - low) / step + 1)); // every value
        } else {
            points(h, e, sampler);
        }
        return new IntDistribution(low, high, log, step);
    }

    private Distribution categorical(Hyperparameter h, ConfigReader e) {
        e.checkOnly(CATEGORICAL_KEYS);
        List<Object> values = new ArrayList<>();
        for (Object raw : e.scalarList("values")) {
            Object v = coerce(h, raw);
            h.problem(v).ifPresent(p -> {
                throw e.error("values", e.path("values") + ": " + h.key() + " " + p + ", got " + render(raw));
            });
            values.add(v);
        }
        if (values.isEmpty()) {
            throw e.error("values", e.path("values") + " must not be empty");
        }
        return new CategoricalDistribution(values);
    }

    private void points(Hyperparameter h, ConfigReader e, io.sparkhpo.search.sampler.Samplers.Type sampler) {
        if (sampler.enumerates()) {
            int n = e.optLong("points", 1).map(Math::toIntExact).orElseThrow(() -> e.errorHere(e.path("points")
                    + " is required by the " + sampler.name() + " sampler (how many values between low and high)"));
            grid.put(h.key(), n);
        } else if (e.has("points")) {
            throw e.error("points", e.path("points") + " is only used by the grid sampler (search.sampler = " + sampler.name() + ")");
        }
    }

    private static void checkBound(Hyperparameter h, ConfigReader e, String key, Object value) {
        h.problem(value).ifPresent(p -> {
            throw e.error(key, e.path(key) + ": " + h.key() + " " + p + ", got " + value);
        });
    }

    /** Config numbers to the hyperparameter's type: reals as Double, integers as Long (2.0 is 2, 2.5 is not). */
    private static Object coerce(Hyperparameter h, Object raw) {
        if (raw instanceof Integer n && h.kind() == Param.Kind.ANY) {
            return n.longValue();
        }
        if (raw instanceof Number n) {
            if (h.kind() == Param.Kind.NUMBER) {
                return n.doubleValue();
            }
            if (h.kind() == Param.Kind.INTEGER && n.doubleValue() == Math.rint(n.doubleValue())) {
                return n.longValue();
            }
        }
        return raw;
    }

    private static String render(Object raw) {
        return raw instanceof String s ? "\"" + s + "\"" : String.valueOf(raw);
    }
}
