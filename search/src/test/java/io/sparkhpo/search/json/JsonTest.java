package io.sparkhpo.search.json;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {

    @Test
    void typesAndOrderSurviveARoundTrip() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("z_first", "a \"quoted\"\nline\t\u0001");
        m.put("lr", 1.0);
        m.put("batch_size", 128L);
        m.put("tiny", 1e-300);
        m.put("flag", true);
        m.put("none", null);
        m.put("nested", Map.of("k", 2L));
        Map<String, Object> back = Json.read(Json.write(m));
        assertEquals(m, back);
        assertEquals(List.copyOf(m.keySet()), List.copyOf(back.keySet()), "key order kept");
        assertInstanceOf(Double.class, back.get("lr"), "1.0 stays a double");
        assertInstanceOf(Long.class, back.get("batch_size"));
        assertNull(back.get("none"));
    }

    @Test
    void nonFiniteDoublesAreBareTokensAndReadBackAsDoubles() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nan", Double.NaN);
        m.put("inf", Double.POSITIVE_INFINITY);
        m.put("minus", Double.NEGATIVE_INFINITY);
        String text = Json.write(m);
        assertEquals("{\"nan\":NaN,\"inf\":Infinity,\"minus\":-Infinity}", text);
        Map<String, Object> back = Json.read(text);
        assertTrue(Double.isNaN((Double) back.get("nan")));
        assertEquals(Double.POSITIVE_INFINITY, back.get("inf"));
        assertEquals(Double.NEGATIVE_INFINITY, back.get("minus"));
    }

    @Test
    void readsTheOlderSpacedFormOfTheParamsColumn() {
        assertEquals(Map.of("lr", 0.01, "optimizer", "adam"), Json.read("{\"lr\": 0.01, \"optimizer\": \"adam\"}"));
    }

    @Test
    void notOneObjectIsAnErrorThatSaysWhere() {
        IllegalArgumentException torn = assertThrows(IllegalArgumentException.class, () -> Json.read("{\"a\": 1, \"b\""));
        assertTrue(torn.getMessage().contains("offset"), torn.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.read("{\"a\": 1} trailing"));
        assertThrows(IllegalArgumentException.class, () -> Json.read("[1, 2]"));
    }
}
