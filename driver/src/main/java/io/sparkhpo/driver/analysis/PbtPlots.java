package io.sparkhpo.driver.analysis;

import org.apache.spark.sql.Row;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A PBT sweep's population: each member's learning rate and weight decay in force by epoch, its test error by epoch,
 * and the lineage (each member a line across the epochs; an exploit a red link from the source member to the target
 * at the boundary where the target took the source's checkpoint).
 */
final class PbtPlots {

    private PbtPlots() {
    }

    static Optional<Plot> draw(Analysis.Study study) {
        if (study.pbt().isEmpty()) {
            return Optional.empty();
        }
        Map<Integer, List<Curves.Point>> epochs = new TreeMap<>(study.epochs());
        List<Row> exploits = study.pbt().get();
        List<XYChart> charts = List.of(
                perMember(epochs, "learning rate in force", "lr", Curves.Point::lr, true),
                perMember(epochs, "weight decay in force", "λ", Curves.Point::weightDecay, true),
                perMember(epochs, "test error", "test error", Curves.Point::testError, false),
                lineage(epochs, exploits));
        String note = "Each member's values by epoch (colour: member); the lineage's red links are the " + exploits.size()
                + " exploits: at that epoch the lower member took the upper one's weights, optimizer state and schedule "
                + "position, then explored. Table: pbt/ (Parquet); the best member's schedule: pbt_schedule.json.";
        return Optional.of(new Plot("pbt", "Population-based training", note, new Panels(charts, 520, 400), ""));
    }

    private static XYChart perMember(Map<Integer, List<Curves.Point>> epochs, String title, String axis,
                                     java.util.function.ToDoubleFunction<Curves.Point> value, boolean log) {
        XYChart chart = new XYChartBuilder().width(520).height(400).title(title).xAxisTitle("epoch").yAxisTitle(axis).build();
        chart.getStyler().setYAxisLogarithmic(log);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE).setMarkerSize(0);
        int i = 0;
        for (Map.Entry<Integer, List<Curves.Point>> e : epochs.entrySet()) {
            List<Curves.Point> pts = e.getValue().stream().filter(p -> !log || value.applyAsDouble(p) > 0).toList();
            if (pts.isEmpty()) {
                continue;
            }
            XYSeries s = chart.addSeries("member " + e.getKey(), pts.stream().map(p -> p.epoch() + 1).toList(),
                    pts.stream().map(value::applyAsDouble).toList());
            s.setLineColor(Curves.colour(epochs.size() > 1 ? i++ / (double) (epochs.size() - 1) : 0.5));
            s.setLineStyle(new BasicStroke(1.5f));
            s.setMarker(SeriesMarkers.NONE);
        }
        if (chart.getSeriesMap().isEmpty()) {
            chart.addSeries("no epochs", List.of(1), List.of(1.0));
        }
        return chart;
    }

    private static XYChart lineage(Map<Integer, List<Curves.Point>> epochs, List<Row> exploits) {
        XYChart chart = new XYChartBuilder().width(520).height(400).title("lineage: exploits (source → target)")
                .xAxisTitle("epoch").yAxisTitle("member").build();
        chart.getStyler().setLegendVisible(false).setMarkerSize(7);
        int last = epochs.values().stream().mapToInt(List::size).max().orElse(1);
        for (Integer m : epochs.keySet()) {
            XYSeries s = chart.addSeries("member " + m, List.of(0, last), List.of(m, m));
            s.setLineColor(new Color(170, 170, 170));
            s.setMarker(SeriesMarkers.NONE);
        }
        int n = 0;
        Map<Integer, Integer> atEpoch = new TreeMap<>();
        for (Row r : exploits) {
            int e = r.getAs("epoch");
            double epoch = e + 0.06 * atEpoch.merge(e, 1, Integer::sum) - 0.06; // side by side at one boundary
            XYSeries s = chart.addSeries("exploit " + n++, List.of(epoch, epoch),
                    List.of(r.<Integer>getAs("source"), r.<Integer>getAs("target")));
            s.setLineColor(new Color(200, 30, 30));
            s.setLineStyle(new BasicStroke(2f));
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(new Color(200, 30, 30));
        }
        return chart;
    }
}
