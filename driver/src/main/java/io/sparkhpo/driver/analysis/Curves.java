package io.sparkhpo.driver.analysis;

import io.sparkhpo.driver.tables.EpochRecord;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Learning curves (test error per epoch, one line per trial, coloured by log2 α from blue (smallest) to red
 * (largest); one panel per slice) and LR-schedule curves (the learning rate each epoch divided by the trial's α,
 * one line per distinct schedule), drawn from each trial's {@link ChartSeries#line}s.
 */
final class Curves {

    private Curves() {
    }

    static Panels learning(List<Slice> slices, Map<Integer, List<EpochRecord>> epochs) {
        List<XYChart> charts = new ArrayList<>();
        for (Slice s : slices) {
            double lo = s.cells().stream().mapToDouble(Cell::log2Lr).min().orElse(0);
            double hi = s.cells().stream().mapToDouble(Cell::log2Lr).max().orElse(0);
            XYChart chart = new XYChartBuilder().width(520).height(400).title(s.title())
                    .xAxisTitle("epoch").yAxisTitle("test error").build();
            chart.getStyler().setLegendVisible(false).setMarkerSize(0);
            chart.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Line);
            int drawn = 0;
            for (Cell c : s.cells()) {
                ChartSeries.Line curve = ChartSeries.line(epochs, c.trial(), ChartSeries.TEST_ERROR, false);
                if (curve.isEmpty()) {
                    continue;
                }
                XYSeries line = chart.addSeries("trial " + c.trial(), curve.x(), curve.y());
                line.setLineColor(colour(hi > lo ? (c.log2Lr() - lo) / (hi - lo) : 0.5));
                line.setLineStyle(new BasicStroke(1.2f)); // solid: XChart cycles dash patterns by default
                line.setMarker(SeriesMarkers.NONE);
                drawn++;
            }
            if (drawn == 0) {
                chart.setTitle(s.title() + " (no epochs)");
                chart.addSeries("none", List.of(1), List.of(0.0)).setMarker(SeriesMarkers.NONE);
            } else {
                chart.setTitle(s.title() + String.format(": α 2^%.0f (blue) .. 2^%.0f (red)", lo, hi));
            }
            charts.add(chart);
        }
        return new Panels(charts, 520, 400);
    }

    static Panels schedules(List<Slice> slices, Map<Integer, List<EpochRecord>> epochs) {
        XYChart chart = new XYChartBuilder().width(640).height(400).title("learning-rate schedules")
                .xAxisTitle("epoch").yAxisTitle("lr / α").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        Map<String, ChartSeries.Line> bySchedule = new LinkedHashMap<>(); // each schedule's longest lr line, over α
        for (Slice s : slices) {
            for (Cell c : s.cells()) {
                ChartSeries.Line lr = ChartSeries.line(epochs, c.trial(), "lr", false);
                if (!lr.isEmpty() && (!bySchedule.containsKey(s.schedule()) || lr.x().size() > bySchedule.get(s.schedule()).x().size())) {
                    bySchedule.put(s.schedule(), new ChartSeries.Line(c.trial(), lr.x(),
                            lr.y().stream().map(v -> (Number) (v.doubleValue() / c.lr())).toList()));
                }
            }
        }
        if (bySchedule.isEmpty()) {
            chart.addSeries("no epochs", List.of(1), List.of(1.0));
        }
        for (Map.Entry<String, ChartSeries.Line> e : bySchedule.entrySet()) {
            String name = e.getKey().isEmpty() ? "constant" : e.getKey();
            XYSeries line = chart.addSeries(name.length() > 60 ? name.substring(0, 57) + "..." : name, e.getValue().x(),
                    e.getValue().y());
            line.setLineStyle(new BasicStroke(2f));
        }
        return new Panels(List.of(chart), 640, 400);
    }

    /** Blue → red through purple, for a position t in [0, 1]. */
    static Color colour(double t) {
        double u = Math.max(0, Math.min(1, t));
        return new Color((int) (30 + 200 * u), (int) (90 - 60 * u), (int) (220 - 190 * u));
    }
}
