package io.sparkhpo.driver.dashboard;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request's query string, read strictly: a malformed value is an {@link IllegalArgumentException} naming the
 * parameter and value (the server answers 400 with it), never a silent default.
 */
record Query(Map<String, String> values) {

    static Query parse(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                m.put(k, v);
            }
        }
        return new Query(m);
    }

    String string(String key, String def) {
        return values.getOrDefault(key, def);
    }

    boolean bool(String key) {
        String v = values.getOrDefault(key, "false");
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(key + " must be true or false, got '" + v + "'");
        }
        return v.equals("true");
    }

    int integer(String key, int def, int min, int max) {
        String v = values.get(key);
        if (v == null) {
            return def;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new IllegalArgumentException(key + " must be in [" + min + ", " + max + "], got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, got '" + v + "'");
        }
    }

    /** The parameter of {@code filter=NAME:LOW:HIGH}, or null without a filter. */
    String filterName() {
        String f = values.get("filter");
        return f == null || f.isEmpty() ? null : parts(f)[0];
    }

    /** {LOW, HIGH} of the filter, an empty bound being infinite. */
    double[] filterRange() {
        String f = values.get("filter");
        if (f == null || f.isEmpty()) {
            return new double[]{Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
        }
        String[] p = parts(f);
        return new double[]{bound(f, p[1], Double.NEGATIVE_INFINITY), bound(f, p[2], Double.POSITIVE_INFINITY)};
    }

    private static String[] parts(String f) {
        String[] p = f.split(":", -1);
        if (p.length != 3 || p[0].isEmpty()) {
            throw new IllegalArgumentException("filter must be NAME:LOW:HIGH (a bound may be empty), got '" + f + "'");
        }
        return p;
    }

    private static double bound(String f, String v, double none) {
        if (v.isEmpty()) {
            return none;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("filter bounds must be numbers, got '" + f + "'");
        }
    }
}
