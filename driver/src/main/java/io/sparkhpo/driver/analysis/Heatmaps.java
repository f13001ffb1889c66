package io.sparkhpo.driver.analysis;

import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;

/**
 * The AdamW paper's Figure 2 for a study: one heatmap of final test error (%) per slice over log2 α (x) × log2 λ
 * (y), one colour scale shared by every panel (so panels compare), the ten best cells of each panel circled.
 * A slice without a grid (random or TPE trials) is shown binned on an 8 × 8 log2 grid, each bin its best trial.
 */
final class Heatmaps {

    static final int BINS = 8;
    /** Blue (low error, good) to red (high error): readable black values on every colour. */
    static final Color[] COLOURS = {new Color(0x2c7bb6), new Color(0xabd9e9), new Color(0xffffbf), new Color(0xfdae61),
            new Color(0xd7191c)};

    private Heatmaps() {
    }

    /** A heatmap's cells: axis labels and {x index, y index, error %} triples. */
    public record Grid(List<String> xs, List<String> ys, List<Number[]> values) {
    }

    static Panels draw(List<Slice> slices) {
        List<Grid> grids = slices.stream().map(Heatmaps::grid).toList();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Grid g : grids) {
            for (Number[] v : g.values()) {
                min = Math.min(min, v[2].doubleValue());
                max = Math.max(max, v[2].doubleValue());
            }
        }
        min = Math.floor(min * 10) / 10; // the colour bar's labels, at the cells' precision
        max = Math.ceil(max * 10) / 10;
        if (!(max > min)) {
            min = Double.isFinite(min) ? min - 1 : 0;
            max = Double.isFinite(max) ? max + 1 : 100;
        }
        List<HeatMapChart> charts = new ArrayList<>();
        for (int k = 0; k < slices.size(); k++) {
            charts.add(chart(slices.get(k), grids.get(k), min, max));
        }
        return new Panels(charts, 520, 480);
    }

    private static HeatMapChart chart(Slice s, Grid g, double min, double max) {
        double tenth = 100 * s.measures().topThreshold() + 1e-9; // the cells hold errors in %
        List<int[]> marked = g.values().stream().filter(v -> v[2].doubleValue() <= tenth)
                .map(v -> new int[]{v[0].intValue(), v[1].intValue()}).toList();
        HeatMapChart chart = new MarkedHeatMapChart(520, 480, marked, g.xs().size(), g.ys().size());
        chart.setTitle(s.title());
        chart.setXAxisTitle("log2 α (learning rate)");
        chart.setYAxisTitle("log2 " + s.wdSymbol() + " (weight decay)");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE).setLegendVisible(true)
                .setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        chart.getStyler().setRangeColors(COLOURS).setMin(min).setMax(max).setShowValue(true)
                .setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10)).setValueFontColor(Color.BLACK)
                .setHeatMapValueDecimalPattern("0.0");
        if (g.values().isEmpty()) {
            chart.setTitle(s.title() + " (no finished trials)");
            chart.addSeries("test error %", List.of("-"), List.of("-"), List.<Number[]>of(new Number[]{0, 0, min}));
        } else {
            chart.addSeries("test error %", g.xs(), g.ys(), g.values());
        }
        return chart;
    }

    static Grid grid(Slice s) {
        List<Cell> present = s.cells().stream().filter(Cell::present).toList();
        if (present.isEmpty()) {
            return new Grid(List.of(), List.of(), List.of());
        }
        boolean grid = s.measures().method().equals("grid");
        double[] xs = grid ? GridSeparability.axis(s.cells().stream().map(Cell::log2Lr).toList()) : bins(present, true);
        double[] ys = grid ? GridSeparability.axis(s.cells().stream().map(Cell::log2Wd).toList()) : bins(present, false);
        double[][] best = new double[xs.length][ys.length];
        double[][] logSum = new double[xs.length][ys.length];
        int[][] n = new int[xs.length][ys.length];
        for (Cell c : present) {
            int i = grid ? GridSeparability.lineOf(xs, c.log2Lr()) : bin(xs, c.log2Lr());
            int j = grid ? GridSeparability.lineOf(ys, c.log2Wd()) : bin(ys, c.log2Wd());
            logSum[i][j] += Math.log(c.error());
            best[i][j] = n[i][j] == 0 ? c.error() : Math.min(best[i][j], c.error());
            n[i][j]++;
        }
        List<Number[]> values = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            for (int j = 0; j < ys.length; j++) {
                if (n[i][j] > 0) {
                    double e = grid ? Math.exp(logSum[i][j] / n[i][j]) : best[i][j]; // grid: the cell's (geometric) mean
                    values.add(new Number[]{i, j, 100 * e});
                }
            }
        }
        return new Grid(labels(xs), labels(ys), values);
    }

    private static List<String> labels(double[] axis) {
        List<String> out = new ArrayList<>();
        for (double v : axis) {
            out.add(Math.abs(v - Math.rint(v)) < 1e-6 ? String.valueOf((long) Math.rint(v)) : String.format("%.1f", v));
        }
        return out;
    }

    /** Bin centres spanning the trials' range. */
    private static double[] bins(List<Cell> cells, boolean lr) {
        double lo = cells.stream().mapToDouble(c -> lr ? c.log2Lr() : c.log2Wd()).min().orElseThrow();
        double hi = cells.stream().mapToDouble(c -> lr ? c.log2Lr() : c.log2Wd()).max().orElseThrow();
        double w = Math.max(hi - lo, 1e-9) / BINS;
        double[] centres = new double[BINS];
        for (int b = 0; b < BINS; b++) {
            centres[b] = lo + w * (b + 0.5);
        }
        return centres;
    }

    private static int bin(double[] centres, double v) {
        int best = 0;
        for (int b = 1; b < centres.length; b++) {
            if (Math.abs(centres[b] - v) < Math.abs(centres[best] - v)) {
                best = b;
            }
        }
        return best;
    }
}
