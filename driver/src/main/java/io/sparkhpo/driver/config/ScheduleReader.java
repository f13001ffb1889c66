package io.sparkhpo.driver.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.sparkhpo.executors.schedule.ScheduleSpec;
import io.sparkhpo.executors.schedule.Schedules;
import io.sparkhpo.executors.schedule.Unit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code schedule} section into a {@link ScheduleSpec} and validates it with {@link Schedules}, turning
 * its errors into {@link ConfigError}s at the offending key's line. {@code step_per} is set on the outer
 * schedule only; the parts of {@code sequential} and {@code chained} ({@code schedules = [ {...}, ... ]}) share it.
 */
final class ScheduleReader {

    private static final Pattern PATH = Pattern.compile("schedule((\\.[A-Za-z0-9_]+)|(\\[\\d+]))*");

    private ScheduleReader() {
    }

    static ScheduleSpec read(Optional<ConfigReader> section) {
        if (section.isEmpty()) {
            return ScheduleSpec.CONSTANT;
        }
        ConfigReader r = section.get();
        ScheduleSpec spec = parse(r, Optional.empty());
        try {
            Schedules.validate(spec, "schedule");
        } catch (IllegalArgumentException e) {
            throw blame(r, e.getMessage());
        }
        return spec;
    }

    private static ScheduleSpec parse(ConfigReader r, Optional<Unit> inherited) {
        String name = r.optString("name").orElseThrow(() -> r.errorHere(r.prefix() + ".name is required (one of "
                + Schedules.NAMES + ")"));
        if (!Schedules.NAMES.contains(name)) {
            throw r.error("name", r.path("name") + " must be one of " + Schedules.NAMES + ", got \"" + name + "\"");
        }
        Unit unit;
        if (r.has("step_per")) {
            if (inherited.isPresent()) {
                throw r.error("step_per", r.path("step_per") + ": step_per is set on the outer schedule only");
            }
            unit = unit(r);
        } else {
            unit = inherited.orElse(Schedules.defaultUnit(name));
        }
        Map<String, Object> params = new LinkedHashMap<>();
        List<ScheduleSpec> parts = new ArrayList<>();
        for (String key : r.keys()) {
            if (key.equals("name") || key.equals("step_per")) {
                continue;
            }
            ConfigValue v = r.raw(key).orElse(null);
            if (v == null) {
                continue;
            }
            if (key.equals("schedules")) {
                parts.addAll(partsOf(r, v, unit));
            } else {
                params.put(key, convert(r, key, v));
            }
        }
        return new ScheduleSpec(name, unit, params, parts);
    }

    private static Unit unit(ConfigReader r) {
        String s = r.optString("step_per").orElseThrow();
        try {
            return Unit.fromConfig(s);
        } catch (IllegalArgumentException e) {
            throw r.error("step_per", r.path("step_per") + " must be one of " + Unit.configNames() + ", got \"" + s + "\"");
        }
    }

    private static List<ScheduleSpec> partsOf(ConfigReader r, ConfigValue v, Unit unit) {
        if (v.valueType() != ConfigValueType.LIST) {
            throw r.error("schedules", r.path("schedules") + " must be a list of schedules [ { name = ... }, ... ]");
        }
        List<ScheduleSpec> parts = new ArrayList<>();
        int i = 0;
        for (ConfigValue item : (ConfigList) v) {
            if (item.valueType() != ConfigValueType.OBJECT) {
                throw r.error("schedules", r.path("schedules") + "[" + i + "] must be an object { name = ... }");
            }
            parts.add(parse(r.child((ConfigObject) item, r.path("schedules") + "[" + i + "]"), Optional.of(unit)));
            i++;
        }
        return parts;
    }

    /** Numbers as Double, lists of numbers as List&lt;Double&gt;, objects (warmup) as maps of those. */
    private static Object convert(ConfigReader r, String key, ConfigValue v) {
        return switch (v.valueType()) {
            case NUMBER -> ((Number) v.unwrapped()).doubleValue();
            case BOOLEAN, STRING -> v.unwrapped();
            case LIST -> {
                List<Object> out = new ArrayList<>();
                for (ConfigValue item : (ConfigList) v) {
                    if (item.valueType() != ConfigValueType.NUMBER) {
                        throw r.error(key, r.path(key) + " must be a list of numbers, got " + v.render());
                    }
                    out.add(((Number) item.unwrapped()).doubleValue());
                }
                yield out;
            }
            case OBJECT -> {
                Map<String, Object> out = new LinkedHashMap<>();
                ConfigReader child = r.child((ConfigObject) v, r.path(key));
                for (String k : child.keys()) {
                    child.raw(k).ifPresent(x -> out.put(k, convert(child, k, x)));
                }
                yield out;
            }
            default -> throw r.error(key, r.path(key) + " cannot be " + v.render());
        };
    }

    /** A validation message names its key path first; the error points at that key's line in the section. */
    private static ConfigError blame(ConfigReader r, String message) {
        Matcher m = PATH.matcher(message);
        if (!m.find()) {
            return r.errorHere(message);
        }
        String path = m.group();
        String top = path.length() > "schedule.".length() ? path.substring("schedule.".length()).split("[.\\[]")[0] : "";
        return new ConfigError(r.locationOf(top), path, message);
    }
}
