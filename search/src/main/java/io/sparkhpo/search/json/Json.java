package io.sparkhpo.search.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one JSON codec of sparkhpo (Jackson): the study journal's records, the trials table's {@code params} column,
 * the separability table's top cells. Objects of strings, numbers, booleans, null and nested objects. Integers read
 * back as {@code Long} and numbers with a fraction or exponent as {@code Double} (a {@code Double} is always written
 * with one), so parameter types survive a round trip. Non-finite doubles are written as the bare tokens {@code NaN},
 * {@code Infinity} and {@code -Infinity} and read back as doubles, as Python's json module and Spark's JSON reader do.
 */
public final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    /** One line of compact JSON. */
    public static String write(Map<String, ?> object) {
        try {
            return MAPPER.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** One line of compact JSON for a list (of maps, strings, numbers). */
    public static String write(java.util.List<?> list) {
        try {
            return MAPPER.writeValueAsString(list);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * One JSON object, its keys in order.
     *
     * @throws IllegalArgumentException saying where the text stops being one JSON object
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> read(String text) {
        try {
            Object v = MAPPER.readValue(text, Object.class);
            if (!(v instanceof Map)) {
                throw new IllegalArgumentException("expected one JSON object, got " + text);
            }
            return new LinkedHashMap<>((Map<String, Object>) v);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage() + " at offset "
                    + e.getLocation().getCharOffset(), e);
        }
    }

    /**
     * One JSON array (of objects, strings, numbers).
     *
     * @throws IllegalArgumentException saying where the text stops being one JSON array
     */
    @SuppressWarnings("unchecked")
    public static java.util.List<Object> readList(String text) {
        try {
            Object v = MAPPER.readValue(text, Object.class);
            if (!(v instanceof java.util.List)) {
                throw new IllegalArgumentException("expected one JSON array, got " + text);
            }
            return (java.util.List<Object>) v;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage() + " at offset "
                    + e.getLocation().getCharOffset(), e);
        }
    }
}
