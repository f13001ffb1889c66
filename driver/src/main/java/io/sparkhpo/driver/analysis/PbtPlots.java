package io.sparkhpo.driver.analysis;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A PBT sweep's population: each member's learning rate and weight decay in force by epoch, its test error by epoch,
 * and the lineage (each member a line across the epochs; an exploit a red link from the source member to the target
 * at the boundary where the target took the source's checkpoint). The series are {@link ChartSeries#pbt}'s (the
 * dashboard sends the same); the members without epochs are left out.
 */
final class PbtPlots {

    private PbtPlots() {
    }

    static Optional<Plot> draw(Analysis.Study study) {
        if (study.pbt().isEmpty()) {
            return Optional.empty();
        }
        ChartSeries.Pbt pbt = ChartSeries.pbt(study.trials(), study.epochs(),
                study.pbt().get(), Integer.MAX_VALUE);
        List<ChartSeries.Member> members = pbt.members().stream().filter(m -> !m.testError().isEmpty()).toList();
        List<XYChart> charts = List.of(
                perMember(members, "learning rate in force", "lr", ChartSeries.Member::lr, true),
                perMember(members, "weight decay in force", "λ", ChartSeries.Member::weightDecay, true),
                perMember(members, "test error", "test error", ChartSeries.Member::testError, false),
                lineage(members, pbt));
        String note = "Each member's values by epoch (colour: member); the lineage's red links are the " + pbt.exploits().size()
                + " exploits: at that epoch the lower member took the upper one's weights, optimizer state and schedule "
                + "position, then explored. Table: pbt/ (Parquet); the best member's schedule: pbt_schedule.json.";
        return Optional.of(new Plot("pbt", "Population-based training", note, new Panels(charts, 520, 400), ""));
    }

    private static XYChart perMember(List<ChartSeries.Member> members, String title, String axis,
                                     Function<ChartSeries.Member, ChartSeries.Line> value, boolean log) {
        XYChart chart = new XYChartBuilder().width(520).height(400).title(title).xAxisTitle("epoch").yAxisTitle(axis).build();
        chart.getStyler().setYAxisLogarithmic(log);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE).setMarkerSize(0);
        int i = 0;
        for (ChartSeries.Member m : members) {
            ChartSeries.Line line = value.apply(m);
            List<Number> x = new ArrayList<>();
            List<Number> y = new ArrayList<>();
            for (int k = 0; k < line.x().size(); k++) {
                Number v = line.y().get(k);
                if (!log || v != null && v.doubleValue() > 0) { // a log axis draws no value <= 0
                    x.add(line.x().get(k));
                    y.add(v);
                }
            }
            if (x.isEmpty()) {
                continue;
            }
            XYSeries s = chart.addSeries("member " + m.trial(), x, y);
            s.setLineColor(Curves.colour(members.size() > 1 ? i++ / (double) (members.size() - 1) : 0.5));
            s.setLineStyle(new BasicStroke(1.5f));
            s.setMarker(SeriesMarkers.NONE);
        }
        if (chart.getSeriesMap().isEmpty()) {
            chart.addSeries("no epochs", List.of(1), List.of(1.0));
        }
        return chart;
    }

    private static XYChart lineage(List<ChartSeries.Member> members, ChartSeries.Pbt pbt) {
        XYChart chart = new XYChartBuilder().width(520).height(400).title("lineage: exploits (source → target)")
                .xAxisTitle("epoch").yAxisTitle("member").build();
        chart.getStyler().setLegendVisible(false).setMarkerSize(7);
        int last = members.stream().mapToInt(m -> m.testError().x().size()).max().orElse(1);
        for (ChartSeries.Member m : members) {
            XYSeries s = chart.addSeries("member " + m.trial(), List.of(0, last), List.of(m.trial(), m.trial()));
            s.setLineColor(new Color(170, 170, 170));
            s.setMarker(SeriesMarkers.NONE);
        }
        List<Double> at = pbt.exploitX();
        for (int n = 0; n < at.size(); n++) {
            ChartSeries.Exploit x = pbt.exploits().get(n);
            XYSeries s = chart.addSeries("exploit " + n, List.of(at.get(n), at.get(n)), List.of(x.source(), x.target()));
            s.setLineColor(new Color(200, 30, 30));
            s.setLineStyle(new BasicStroke(2f));
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(new Color(200, 30, 30));
        }
        return chart;
    }
}
