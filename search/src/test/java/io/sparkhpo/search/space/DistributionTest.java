package io.sparkhpo.search.space;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DistributionTest {

    @Test
    void floatRejectsBadBounds() {
        assertThrows(IllegalArgumentException.class, () -> new FloatDistribution(1.0, 0.5, false));
        assertThrows(IllegalArgumentException.class, () -> new FloatDistribution(0.0, 1.0, true));
        assertThrows(IllegalArgumentException.class, () -> new FloatDistribution(Double.NaN, 1.0, false));
    }

    @Test
    void floatEndsOfUnitMapToBounds() {
        FloatDistribution d = new FloatDistribution(1e-4, 1e-1, true);
        assertEquals(1e-4, d.fromUnit(0.0), 1e-18);
        assertTrue(d.fromUnit(0.999999999) <= 1e-1);
        assertEquals(Math.sqrt(1e-4 * 1e-1), d.fromUnit(0.5), 1e-12);
    }

    @Test
    void intRespectsStepAndLog() {
        IntDistribution stepped = new IntDistribution(16, 256, false, 16);
        for (double u = 0; u < 1; u += 0.01) {
            assertTrue(stepped.contains(stepped.fromUnit(u)));
        }
        assertFalse(stepped.contains(17L));
        assertThrows(IllegalArgumentException.class, () -> new IntDistribution(16, 250, false, 16));
        assertThrows(IllegalArgumentException.class, () -> new IntDistribution(0, 8, true, 1));
        IntDistribution log = new IntDistribution(1, 1024, true, 1);
        assertEquals(List.of(1L, 32L, 1024L), log.grid(3));
    }

    @Test
    void categoricalRejectsDuplicatesAndOddTypes() {
        assertThrows(IllegalArgumentException.class, () -> new CategoricalDistribution(List.of("a", "a")));
        assertThrows(IllegalArgumentException.class, () -> new CategoricalDistribution(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new CategoricalDistribution(List.of(1)));
    }

    @Test
    void gridNeedsTwoPointsForARange() {
        assertThrows(IllegalArgumentException.class, () -> new FloatDistribution(0, 1, false).grid(1));
        assertEquals(List.of(0.5), new FloatDistribution(0.5, 0.5, false).grid(1));
    }

    @Test
    void spaceValidateNamesTheParameter() {
        SearchSpace space = SearchSpace.builder().addFloat("lr", 1e-4, 1e-2, true).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> space.validate(java.util.Map.of("lr", 0.5)));
        assertTrue(e.getMessage().contains("'lr'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SearchSpace.builder().addInt("a", 1, 2).addInt("a", 1, 2));
    }
}
