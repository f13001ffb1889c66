package io.sparkhpo.driver.tables;

import java.util.Map;

/** Minimal JSON for the flat parameter maps stored in the {@code params} column. */
public final class Json {

    private Json() {
    }

    public static String object(Map<String, Object> map) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, Object> e : map.entrySet()) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(string(e.getKey())).append(": ").append(value(e.getValue()));
        }
        return sb.append('}').toString();
    }

    private static String value(Object v) {
        if (v instanceof Double d) {
            return Double.isFinite(d) ? d.toString() : string(d.toString());
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        return string(String.valueOf(v));
    }

    static String string(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
