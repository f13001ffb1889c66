package io.sparkhpo.driver.analysis;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which slices are grids, and what the report says when a slice cannot tell. */
class SliceBuilderTest {

    @Test
    void aGridWithAMissingCellIsAGridAndScatteredTrialsAreNot() {
        List<Cell> grid = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                if (i + j > 0) { // one cell never ran
                    grid.add(new Cell(grid.size(), Math.pow(2, -10 + i), Math.pow(2, -8 + 2 * j), 0.2));
                }
            }
        }
        assertTrue(SliceBuilder.isGrid(grid));
        Random r = new Random(3);
        for (int n : new int[]{2, 3, 4, 9, 40}) {
            List<Cell> scattered = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                scattered.add(new Cell(k, Math.pow(2, -12 + 6 * r.nextDouble()), Math.pow(2, -14 + 10 * r.nextDouble()), 0.3));
            }
            assertFalse(SliceBuilder.isGrid(scattered), n + " random trials are no grid");
        }
        List<Cell> twoByTwo = List.of(new Cell(0, 0.01, 0.001, 0.2), new Cell(1, 0.02, 0.002, 0.3),
                new Cell(2, 0.01, 0.002, 0.2), new Cell(3, 0.02, 0.001, 0.3));
        assertFalse(SliceBuilder.isGrid(twoByTwo), "2 x 2 gives a ridge of 2 points: no standard error");
    }

    @Test
    void aSliceThatCannotTellSaysSo() {
        Measures two = GridSeparability.measure(List.of(new Cell(0, 0.01, 0.001, 0.2), new Cell(1, 0.02, 0.002, 0.3),
                new Cell(2, 0.01, 0.002, 0.25), new Cell(3, 0.02, 0.001, 0.3)));
        assertTrue(Double.isNaN(two.ridgeSlopeSe()));
        assertEquals("not enough finished trials to tell", HtmlReport.reading(two));
    }
}
