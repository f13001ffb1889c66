package io.sparkhpo.api;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FixedTrialTest {

    private final FixedTrial t = new FixedTrial(Map.of("lr", 0.01, "layers", 3L, "act", "relu", "bn", true));

    @Test
    void typedGettersReadTheirTypes() {
        assertEquals(0.01, t.getDouble("lr"));
        assertEquals(3, t.getInt("layers"));
        assertEquals(3.0, t.getDouble("layers"));
        assertEquals("relu", t.getString("act"));
        assertTrue(t.getBoolean("bn"));
    }

    @Test
    void aMissingNameOrWrongTypeNamesTheParameter() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> t.getDouble("momentum"));
        assertTrue(missing.getMessage().contains("'momentum'"), missing.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> t.getDouble("act"));
        assertTrue(type.getMessage().contains("'act'") && type.getMessage().contains("relu"), type.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.getInt("lr"));
        assertThrows(IllegalArgumentException.class, () -> new FixedTrial(Map.of("n", 1L << 40)).getInt("n"));
    }

    @Test
    void reportsMustIncreaseAndBeFinite() {
        t.report(1, 0.5, Map.of("loss", 1.2));
        t.report(2, 0.4);
        assertThrows(IllegalArgumentException.class, () -> t.report(2, 0.3));
        assertThrows(IllegalArgumentException.class, () -> t.report(3, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> t.report(3, 0.3, Map.of("loss", Double.POSITIVE_INFINITY)));
        assertEquals(2, t.reports().size());
        assertEquals(1.2, t.reports().get(0).metrics().get("loss"));
    }

    @Test
    void checkpointsAndAttributesAreKept() {
        assertTrue(t.restoreCheckpoint().isEmpty());
        byte[] state = "epoch 3".getBytes(StandardCharsets.UTF_8);
        t.saveCheckpoint(state);
        state[0] = 'x';
        assertArrayEquals("epoch 3".getBytes(StandardCharsets.UTF_8), t.restoreCheckpoint().orElseThrow());
        t.setUserAttr("arch", "mlp");
        assertEquals("mlp", t.userAttrs().get("arch"));
        assertThrows(IllegalArgumentException.class, () -> t.setUserAttr("x", new Object()));
    }
}
