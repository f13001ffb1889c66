package io.sparkhpo.executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The golden fixtures written by tools/golden/generate.py from PyTorch 1.13 (see that script). */
public final class Golden {

    private Golden() {
    }

    public static JsonNode load(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture golden/" + name + "; run tools/golden/generate.py");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    /** A JSON object of scalars as a map of Double, Boolean, String and lists (as the config reader gives them). */
    public static Map<String, Object> map(JsonNode object) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), value(e.getValue()));
        }
        return out;
    }

    private static Object value(JsonNode v) {
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isArray()) {
            List<Object> list = new ArrayList<>();
            v.forEach(x -> list.add(value(x)));
            return list;
        }
        if (v.isObject()) {
            return map(v);
        }
        return v.asText();
    }

    /** A fixture's schedule config (config vocabulary) as a spec, parts inheriting the unit. */
    @SuppressWarnings("unchecked")
    public static io.sparkhpo.executors.schedule.ScheduleSpec schedule(Map<String, Object> conf) {
        Map<String, Object> params = new LinkedHashMap<>(conf);
        String name = (String) params.remove("name");
        Object stepPer = params.remove("step_per");
        io.sparkhpo.executors.schedule.Unit unit = stepPer == null
                ? io.sparkhpo.executors.schedule.Schedules.defaultUnit(name)
                : io.sparkhpo.executors.schedule.Unit.fromConfig((String) stepPer);
        List<io.sparkhpo.executors.schedule.ScheduleSpec> parts = new ArrayList<>();
        Object schedules = params.remove("schedules");
        if (schedules != null) {
            for (Object p : (List<Object>) schedules) {
                io.sparkhpo.executors.schedule.ScheduleSpec child = schedule((Map<String, Object>) p);
                parts.add(new io.sparkhpo.executors.schedule.ScheduleSpec(child.name(), unit, child.params(), child.parts()));
            }
        }
        return new io.sparkhpo.executors.schedule.ScheduleSpec(name, unit, params, parts);
    }

    /**
     * Relative error of {@code actual} against {@code expected}, with {@code floor} as the smallest magnitude
     * it is relative to (values that pass through zero have no meaningful relative error).
     */
    public static double relativeError(double actual, double expected, double floor) {
        return Math.abs(actual - expected) / Math.max(Math.abs(expected), floor);
    }
}
