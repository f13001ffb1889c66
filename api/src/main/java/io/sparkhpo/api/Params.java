package io.sparkhpo.api;

import java.util.Map;

/**
 * The typed reads of a trial's parameters and the checks on what it reports, shared by every {@link TrialContext}
 * (sparkhpo's own and {@link FixedTrial}), so they fail alike.
 */
public final class Params {

    private Params() {
    }

    public static double getDouble(Map<String, Object> params, String name) {
        Object v = get(params, name);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw wrongType(name, v, "a number");
    }

    public static long getLong(Map<String, Object> params, String name) {
        Object v = get(params, name);
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 0x1p53) {
            return d.longValue();
        }
        throw wrongType(name, v, "an integer");
    }

    public static int getInt(Map<String, Object> params, String name) {
        long v = getLong(params, name);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("parameter '" + name + "' is " + v + ", outside the int range");
        }
        return (int) v;
    }

    public static String getString(Map<String, Object> params, String name) {
        Object v = get(params, name);
        if (v instanceof String s) {
            return s;
        }
        throw wrongType(name, v, "a string");
    }

    public static boolean getBoolean(Map<String, Object> params, String name) {
        Object v = get(params, name);
        if (v instanceof Boolean b) {
            return b;
        }
        throw wrongType(name, v, "a boolean");
    }

    /**
     * @throws IllegalArgumentException for a step not above {@code lastStep}, a non-finite value or metric
     */
    public static void checkReport(int lastStep, int step, double value, Map<String, Double> metrics) {
        if (step <= lastStep) {
            throw new IllegalArgumentException("report: step must increase (the last report was step " + lastStep
                    + "), got " + step);
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("report: the value at step " + step + " is not finite: " + value);
        }
        if (metrics == null) {
            throw new IllegalArgumentException("report: metrics must not be null (Map.of() for none)");
        }
        metrics.forEach((k, v) -> {
            if (k == null || k.isBlank() || v == null || !Double.isFinite(v)) {
                throw new IllegalArgumentException("report: metric '" + k + "' at step " + step
                        + " must have a name and a finite value, got " + v);
            }
        });
    }

    /** @throws IllegalArgumentException for a blank key or a value that is not a string, a number or a boolean */
    /** The prefix of the attribute keys sparkhpo keeps for itself. */
    public static final String RESERVED_ATTR_PREFIX = "sparkhpo.";

    public static Object checkAttr(String key, Object value) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("setUserAttr: the key must not be blank");
        }
        if (key.startsWith(RESERVED_ATTR_PREFIX)) {
            throw new IllegalArgumentException("setUserAttr: keys starting with '" + RESERVED_ATTR_PREFIX
                    + "' are sparkhpo's own, got '" + key + "'");
        }
        if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
            throw new IllegalArgumentException("setUserAttr: '" + key + "' must be a string, a number or a boolean, got "
                    + (value == null ? "null" : value.getClass().getName()));
        }
        return value;
    }

    private static Object get(Map<String, Object> params, String name) {
        Object v = params.get(name);
        if (v == null) {
            throw new IllegalArgumentException("this trial has no parameter '" + name + "' (it has " + params.keySet()
                    + ")");
        }
        return v;
    }

    private static IllegalArgumentException wrongType(String name, Object v, String wanted) {
        return new IllegalArgumentException("parameter '" + name + "' is " + v.getClass().getSimpleName() + " "
                + (v instanceof String ? "\"" + v + "\"" : v) + ", not " + wanted);
    }
}
