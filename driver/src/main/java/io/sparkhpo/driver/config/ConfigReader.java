package io.sparkhpo.driver.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import io.sparkhpo.search.registry.Param;

import java.util.ArrayList;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Strict, typed reading of one object of a parsed config: each getter checks the value's type and range, and
 * {@link #section} rejects keys it was not told about. Errors name file, line, full key path and value.
 */
final class ConfigReader {

    private final String file;
    private final ConfigObject object;
    private final String prefix;

    private ConfigReader(String file, ConfigObject object, String prefix) {
        this.file = file;
        this.object = object;
        this.prefix = prefix;
    }

    /** The whole file, allowing only {@code allowed} top-level keys. */
    static ConfigReader root(String file, Config config, Set<String> allowed) {
        ConfigReader r = new ConfigReader(file, config.root(), "");
        r.checkKeys(allowed);
        return r;
    }

    /** The object at {@code key} (empty if absent), allowing only {@code allowed} keys. */
    ConfigReader section(String key, Set<String> allowed) {
        ConfigReader r = new ConfigReader(file, objectAt(key).orElse(emptyObject()), path(key));
        r.checkKeys(allowed);
        return r;
    }

    /** The object at {@code key}, any keys (the caller checks them). */
    Optional<ConfigReader> open(String key) {
        return objectAt(key).map(o -> new ConfigReader(file, o, path(key)));
    }

    /** Rejects keys other than {@code allowed} in this object. */
    void checkOnly(Set<String> allowed) {
        checkKeys(allowed);
    }

    /** The line of {@code key}'s value, 0 if unknown. */
    int lineOf(String key) {
        ConfigValue v = object.get(key);
        return v == null || v.origin() == null ? 0 : v.origin().lineNumber();
    }

    /** The raw value at {@code key}, absent for a missing or null key. */
    Optional<ConfigValue> raw(String key) {
        return Optional.ofNullable(value(key));
    }

    /** A reader for an object found inside this one (e.g. in a list), at {@code path}. */
    ConfigReader child(ConfigObject o, String path) {
        return new ConfigReader(file, o, path);
    }

    Set<String> keys() {
        return new TreeSet<>(object.keySet());
    }

    boolean has(String key) {
        ConfigValue v = object.get(key);
        return v != null && v.valueType() != ConfigValueType.NULL;
    }

    /** This object's own path, e.g. {@code space.lr}. */
    String prefix() {
        return prefix;
    }

    String path(String key) {
        return prefix.isEmpty() ? key : prefix + "." + key;
    }

    /** {@code file:line} of {@code key}'s value (of this object when the key is absent). */
    String locationOf(String key) {
        ConfigValue v = object.get(key);
        return location(v == null ? object.origin() : v.origin());
    }

    /** An error about {@code key} located at its line. */
    ConfigError error(String key, String problem) {
        return new ConfigError(locationOf(key), path(key), problem);
    }

    ConfigError errorHere(String problem) {
        return new ConfigError(location(object.origin()), prefix, problem);
    }

    String string(String key, String def) {
        return optString(key).orElse(def);
    }

    Optional<String> optString(String key) {
        ConfigValue v = value(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v.valueType() != ConfigValueType.STRING) {
            throw error(key, path(key) + " must be a string, got " + render(v));
        }
        return Optional.of((String) v.unwrapped());
    }

    String choice(String key, String def, List<String> allowed) {
        String s = string(key, def);
        if (!allowed.contains(s)) {
            throw error(key, path(key) + " must be one of " + allowed + ", got " + quote(s));
        }
        return s;
    }

    boolean bool(String key, boolean def) {
        ConfigValue v = value(key);
        if (v == null) {
            return def;
        }
        if (v.valueType() != ConfigValueType.BOOLEAN) {
            throw error(key, path(key) + " must be true or false, got " + render(v));
        }
        return (Boolean) v.unwrapped();
    }

    /** An integer {@code >= min}; {@code 2.0} is accepted, {@code 2.5} is not. */
    Optional<Long> optLong(String key, long min) {
        ConfigValue v = value(key);
        if (v == null) {
            return Optional.empty();
        }
        Long n = asLong(v);
        if (n == null) {
            throw error(key, path(key) + " must be an integer, got " + render(v));
        }
        if (n < min) {
            throw error(key, path(key) + " must be an integer >= " + min + ", got " + n);
        }
        return Optional.of(n);
    }

    /**
     * The values of a registered component's settings in this object, defaults filled in: {@code Long} for integers,
     * {@code Boolean} for flags, {@code Double} for numbers.
     *
     * @param owner what takes them, for the message on a missing required one (e.g. {@code the percentile pruner})
     */
    java.util.Map<String, Object> settings(List<Param> settings, String owner) {
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (Param st : settings) {
            String k = st.key();
            Optional<Object> given = has(k) ? Optional.of(value(k, st)) : Optional.empty();
            Object v = given.or(st::defaultValue).orElseThrow(() -> errorHere(path(k) + " is required for " + owner
                    + (st.hint().isEmpty() ? "" : " (" + st.hint() + ")")));
            out.put(k, v);
        }
        return out;
    }

    /**
     * The value of {@code key}, read as {@code p} declares it ({@code Long}, {@code Double}, {@code Boolean},
     * {@code String}, a list of {@code Double}s, or for {@link Param.Kind#ANY} a plain scalar) and checked against it.
     *
     * @throws ConfigError naming the path, what it must be and the value
     */
    Object value(String key, Param p) {
        Object v = switch (p.kind()) {
            case TEXT -> optString(key).orElseThrow();
            case TEXTS -> scalarList(key);
            case SECTION -> throw new IllegalStateException(path(key) + " is a section: open it");
            case INTEGER -> optLong(key, Long.MIN_VALUE).orElseThrow();
            case NUMBER -> optDouble(key).orElseThrow();
            case FLAG -> bool(key, false);
            case CHOICE, EXPRESSION -> optString(key).orElseThrow();
            case LIST -> scalarList(key);
            case ANY -> plain(raw(key).orElseThrow().unwrapped());
        };
        p.problem(v).ifPresent(problem -> {
            throw error(key, path(key) + " " + problem + ", got " + (v instanceof String s ? "\"" + s + "\"" : v));
        });
        return v;
    }

    /** The section {@code key}, which may hold only the keys {@code params} declare. */
    ConfigReader section(String key, List<Param> params) {
        return section(key, keysOf(params));
    }

    static Set<String> keysOf(List<Param> params) {
        return params.stream().map(Param::key).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** {@code p}'s value here, read and checked as it declares, else its default, else empty. */
    Optional<Object> opt(Param p) {
        return has(p.key()) ? Optional.of(value(p.key(), p)) : p.defaultValue();
    }

    /**
     * {@code p}'s value here, else its default.
     *
     * @throws ConfigError "PATH is required" (with {@code p}'s hint) when it has neither
     */
    Object get(Param p) {
        return opt(p).orElseThrow(() -> error(p.key(), path(p.key()) + " is required"
                + (p.hint().isEmpty() ? "" : " (" + p.hint() + ")")));
    }

    long longValue(String key, long def, long min) {
        return optLong(key, min).orElse(def);
    }

    int intValue(String key, int def, int min) {
        long n = longValue(key, def, min);
        if (n > Integer.MAX_VALUE) {
            throw error(key, path(key) + " must be at most " + Integer.MAX_VALUE + ", got " + n);
        }
        return (int) n;
    }

    Optional<Double> optDouble(String key) {
        ConfigValue v = value(key);
        if (v == null) {
            return Optional.empty();
        }
        Double d = asDouble(v);
        if (d == null) {
            throw error(key, path(key) + " must be a number, got " + render(v));
        }
        if (!Double.isFinite(d)) {
            throw error(key, path(key) + " must be finite, got " + d);
        }
        return Optional.of(d);
    }

    /** A list of scalars (strings, numbers, booleans), unwrapped. */
    List<Object> scalarList(String key) {
        ConfigValue v = value(key);
        if (v == null) {
            throw error(key, path(key) + " is required");
        }
        if (v.valueType() != ConfigValueType.LIST) {
            throw error(key, path(key) + " must be a list, got " + render(v));
        }
        List<Object> out = new ArrayList<>();
        for (ConfigValue item : (ConfigList) v) {
            switch (item.valueType()) {
                case STRING, BOOLEAN, NUMBER -> out.add(item.unwrapped());
                default -> throw error(key, path(key) + " must hold strings, numbers or booleans, got " + render(item));
            }
        }
        return out;
    }

    /** Leaves under this object as dotted paths relative to it, with their values as strings. */
    List<String[]> leaves() {
        List<String[]> out = new ArrayList<>();
        collect(object, "", out);
        return out;
    }

    private void collect(ConfigObject o, String at, List<String[]> out) {
        for (String k : new TreeSet<>(o.keySet())) {
            ConfigValue v = o.get(k);
            String p = at.isEmpty() ? k : at + "." + k;
            if (v.valueType() == ConfigValueType.OBJECT) {
                collect((ConfigObject) v, p, out);
            } else if (v.valueType() == ConfigValueType.LIST) {
                throw new ConfigError(location(v.origin()), path(p), path(p) + " must be a single value, got " + render(v));
            } else if (v.valueType() != ConfigValueType.NULL) {
                out.add(new String[]{p, String.valueOf(v.unwrapped())});
            }
        }
    }

    /**
     * Numbers, and strings that are entirely a number: environment substitutions ({@code seed = ${?SEED}}) always
     * give strings, and Typesafe Config's own getters read them as numbers too.
     */
    static Long asLong(ConfigValue v) {
        if (v.valueType() == ConfigValueType.STRING) {
            try {
                return Long.parseLong(((String) v.unwrapped()).trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (v.valueType() == ConfigValueType.NUMBER) {
            Number n = (Number) v.unwrapped();
            double d = n.doubleValue();
            if (n instanceof Integer || n instanceof Long) {
                return n.longValue();
            }
            return d == Math.rint(d) && Math.abs(d) < 9e15 ? (long) d : null;
        }
        return null;
    }

    static Double asDouble(ConfigValue v) {
        if (v.valueType() == ConfigValueType.STRING) {
            try {
                return Double.parseDouble(((String) v.unwrapped()).trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return v.valueType() == ConfigValueType.NUMBER ? ((Number) v.unwrapped()).doubleValue() : null;
    }

    static String render(ConfigValue v) {
        return switch (v.valueType()) {
            case STRING -> quote((String) v.unwrapped());
            case OBJECT -> "an object";
            case LIST -> "a list " + v.render();
            default -> v.render();
        };
    }

    static String quote(String s) {
        return "\"" + s + "\"";
    }

    private ConfigValue value(String key) {
        ConfigValue v = object.get(key);
        return v == null || v.valueType() == ConfigValueType.NULL ? null : v;
    }

    private Optional<ConfigObject> objectAt(String key) {
        ConfigValue v = value(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v.valueType() != ConfigValueType.OBJECT) {
            throw error(key, path(key) + " must be an object { ... }, got " + render(v));
        }
        return Optional.of((ConfigObject) v);
    }

    private void checkKeys(Set<String> allowed) {
        for (String k : new TreeSet<>(object.keySet())) {
            if (!allowed.contains(k)) {
                String known = prefix.isEmpty() ? "sections: " : prefix + " takes ";
                throw error(k, "unknown key " + path(k) + " (" + known + new TreeSet<>(allowed) + ")");
            }
        }
    }

    private ConfigObject emptyObject() {
        return com.typesafe.config.ConfigFactory.empty().root();
    }

    private String location(ConfigOrigin origin) {
        return origin != null && origin.lineNumber() > 0 ? file + ":" + origin.lineNumber() : file;
    }

    /** A scalar as the config gives it, integers as {@code Long}. */
    static Object plain(Object v) {
        return v instanceof Integer n ? (Object) n.longValue() : v;
    }
}
