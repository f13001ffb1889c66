package io.sparkhpo.driver.analysis;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The measures on synthetic surfaces whose answer is known: an additive ln E (separable: interaction share 0,
 * ridge slope 0), a surface of log α + log λ only (coupled: slope −1), with missing cells, and the same two as
 * scattered trials for the fitted surface.
 */
class SeparabilityTest {

    /** The grid of conf/separability-cpu.conf: α = 2^-12..2^-6 (×2), λ = 2^-14..2^-2 (×4). */
    private static List<Cell> grid(DoubleBinaryOperator lnError) {
        List<Cell> cells = new ArrayList<>();
        int trial = 0;
        for (int i = -12; i <= -6; i++) {
            for (int j = -14; j <= -2; j += 2) {
                cells.add(new Cell(trial++, Math.pow(2, i), Math.pow(2, j), Math.exp(lnError.applyAsDouble(i, j))));
            }
        }
        return cells;
    }

    private static final DoubleBinaryOperator ADDITIVE = (x, y) -> Math.log(0.08) + 0.05 * (x + 9) * (x + 9) + 0.02 * (y + 8) * (y + 8);
    /** Best where log2 α + log2 λ = −16: the diagonal. */
    private static final DoubleBinaryOperator COUPLED = (x, y) -> Math.log(0.08) + 0.03 * (x + y + 16) * (x + y + 16) + 0.01 * (x + 9) * (x + 9);

    @Test
    void anAdditiveGridIsSeparable() {
        Measures m = GridSeparability.measure(grid(ADDITIVE));
        assertEquals("grid", m.method());
        assertEquals(49, m.cells());
        assertEquals(0, m.missingCells());
        assertEquals(0, m.interactionShare(), 1e-12);
        assertEquals(0, m.ridgeSlope(), 1e-12, "the best λ is −8 for every α");
        assertEquals(0, m.ridgeSlopeSe(), 1e-12);
        assertEquals(7, m.ridgePoints());
        assertEquals(0, m.ridgeAtEdge());
        assertEquals(0, m.importanceInteraction(), 1e-12);
        assertEquals(1, m.importanceLr() + m.importanceWd(), 1e-12);
        assertEquals(10, m.top().size());
        assertEquals(Math.pow(2, -9), m.best().orElseThrow().lr(), 1e-15);
        assertEquals(Math.pow(2, -8), m.best().orElseThrow().weightDecay(), 1e-15);
        for (int k = 1; k < m.top().size(); k++) {
            assertTrue(m.top().get(k - 1).error() <= m.top().get(k).error(), "top cells best first");
        }
    }

    @Test
    void aGridOfLogAlphaPlusLogLambdaHasSlopeMinusOne() {
        Measures m = GridSeparability.measure(grid(COUPLED));
        assertEquals(-1, m.ridgeSlope(), 1e-9, "the parabola through the best cell and its neighbours is exact here");
        assertEquals(0, m.ridgeSlopeSe(), 1e-9);
        assertEquals(0, m.ridgeAtEdge());
        assertTrue(m.interactionShare() > 0.3, "coupled: " + m.interactionShare());
        assertTrue(m.importanceInteraction() > 0.3, "coupled: " + m.importanceInteraction());
    }

    @Test
    void missingCellsAreLeftOutNotFilledIn() {
        List<Cell> additive = new ArrayList<>(grid(ADDITIVE));
        List<Cell> coupled = new ArrayList<>(grid(COUPLED));
        for (int k : new int[]{0, 8, 20, 33, 48}) { // a diverged cell has no error
            Cell a = additive.get(k);
            additive.set(k, new Cell(a.trial(), a.lr(), a.weightDecay(), Double.NaN));
            coupled.set(k, new Cell(a.trial(), a.lr(), a.weightDecay(), Double.NaN));
        }
        additive.remove(47); // a cell never run
        Measures m = GridSeparability.measure(additive);
        assertEquals(49, m.cells());
        assertEquals(6, m.missingCells());
        assertEquals(0, m.interactionShare(), 1e-9, "backfitting fits the additive surface exactly without them");
        assertEquals(0, m.ridgeSlope(), 1e-9);
        assertTrue(m.top().stream().allMatch(Cell::present));
        Measures c = GridSeparability.measure(coupled);
        assertEquals(-1, c.ridgeSlope(), 0.05);
        assertEquals(5, c.missingCells());
    }

    @Test
    void repeatedTrialsInOneCellAreAveraged() {
        List<Cell> cells = new ArrayList<>(grid(ADDITIVE));
        Cell c = cells.get(10);
        cells.set(10, new Cell(c.trial(), c.lr(), c.weightDecay(), c.error() * 2));
        cells.add(new Cell(99, c.lr() * (1 + 1e-9), c.weightDecay(), c.error() / 2)); // the same grid line, another seed
        Measures m = GridSeparability.measure(cells);
        assertEquals(49, m.cells());
        assertEquals(0, m.interactionShare(), 1e-12, "the geometric mean of 2E and E/2 is E");
    }

    @Test
    void theRidgeVertexIsTheParabolasMinimum() {
        assertEquals(1.25, Ridge.vertex(0, Math.pow(0 - 1.25, 2), 1, Math.pow(1 - 1.25, 2), 3, Math.pow(3 - 1.25, 2)), 1e-12);
        assertEquals(1, Ridge.vertex(0, 0, 1, 1, 2, 0), 0, "a maximum is no vertex: the best cell stays");
        assertEquals(0.5 + 5.1 / 5.2, Ridge.vertex(0, 10, 1, 4.9, 2, 5), 1e-12, "a steep side pulls the vertex away from it");
    }

    private static List<Cell> scattered(DoubleBinaryOperator lnError, long seed, int n, double noise) {
        Random r = new Random(seed);
        List<Cell> cells = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            double x = -12 + 6 * r.nextDouble();
            double y = -14 + 12 * r.nextDouble();
            cells.add(new Cell(k, Math.pow(2, x), Math.pow(2, y), Math.exp(lnError.applyAsDouble(x, y) + noise * r.nextGaussian())));
        }
        return cells;
    }

    @Test
    void aFittedSurfaceSeparatesScatteredTrials() {
        Measures a = SurfaceSeparability.measure(scattered(ADDITIVE, 1, 60, 0.02));
        assertEquals("surface", a.method());
        assertEquals(60, a.cells());
        assertTrue(a.interactionShare() < 0.01, "additive: " + a.interactionShare());
        assertEquals(0, a.ridgeSlope(), 0.05);
        assertTrue(a.ridgeSlopeSe() > 0 && a.ridgeSlopeSe() < 0.05, "se " + a.ridgeSlopeSe());
        Measures c = SurfaceSeparability.measure(scattered(COUPLED, 2, 60, 0.02));
        assertEquals(-1, c.ridgeSlope(), 0.05);
        assertTrue(c.interactionShare() > 0.2, "coupled: " + c.interactionShare());
        assertTrue(Math.abs(c.ridgeSlope() + 1) < 3 * c.ridgeSlopeSe() + 0.01, "the standard error covers the truth");
        assertEquals(10, c.top().size());
    }

    @Test
    void tooFewTrialsGiveNoSurface() {
        Measures m = SurfaceSeparability.measure(scattered(ADDITIVE, 1, SurfaceSeparability.MIN_TRIALS - 1, 0));
        assertTrue(Double.isNaN(m.interactionShare()) && Double.isNaN(m.ridgeSlope()));
        assertEquals(SurfaceSeparability.MIN_TRIALS - 1, m.top().size());
    }
}
