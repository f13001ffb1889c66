package io.sparkhpo.driver.analysis;

import io.sparkhpo.driver.tables.Objective;
import io.sparkhpo.driver.config.SweepConfig;
import io.sparkhpo.driver.tables.Objectives;
import io.sparkhpo.driver.tables.StudyTables;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A multi-objective study's trials in its first two objectives: the Pareto front (rank 0 of the trials table's
 * {@code pareto_rank}) joined in red, the other completed trials in grey, and a table of the front's trials.
 */
final class ParetoFront {

    private ParetoFront() {
    }

    static Optional<Plot> draw(Analysis.Study study) {
        if (study.trials().isEmpty() || !Arrays.asList(study.trials().get(0).schema().fieldNames()).contains(StudyTables.PARETO_RANK)) {
            return Optional.empty();
        }
        List<Map<String, Object>> rows = StudyTables.maps(Analysis.byTrial(study.trials()));
        List<Objective> objectives = Objectives.of(rows);
        if (objectives.size() < 2) {
            return Optional.empty();
        }
        Objective x = objectives.get(0);
        Objective y = objectives.get(1);
        List<Map<String, Object>> front = new ArrayList<>();
        List<Double> otherX = new ArrayList<>();
        List<Double> otherY = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            Optional<List<Double>> v = io.sparkhpo.executors.train.RunState.isComplete(r.get("state")) ? Objectives.values(objectives, r) : Optional.empty();
            if (v.isEmpty()) {
                continue;
            }
            if (Integer.valueOf(0).equals(r.get(StudyTables.PARETO_RANK))) {
                front.add(r);
            } else {
                otherX.add(v.get().get(0));
                otherY.add(v.get().get(1));
            }
        }
        front.sort(Comparator.comparingDouble(r -> StudyTables.metric(r, x.column()).getAsDouble()));
        XYChart chart = new XYChartBuilder().width(640).height(460).title("Pareto front: " + front.size() + " of "
                + (front.size() + otherX.size()) + " completed trials").xAxisTitle(axis(x)).yAxisTitle(axis(y)).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE).setMarkerSize(8);
        if (!otherX.isEmpty()) {
            XYSeries rest = chart.addSeries("dominated", otherX, otherY);
            rest.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            rest.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(new Color(150, 150, 150));
        }
        if (!front.isEmpty()) {
            XYSeries f = chart.addSeries("Pareto front (rank 0)", front.stream().map(r -> StudyTables.metric(r, x.column()).getAsDouble()).toList(),
                    front.stream().map(r -> StudyTables.metric(r, y.column()).getAsDouble()).toList());
            f.setXYSeriesRenderStyle(objectives.size() == 2 ? XYSeries.XYSeriesRenderStyle.Line : XYSeries.XYSeriesRenderStyle.Scatter);
            f.setMarker(SeriesMarkers.DIAMOND).setMarkerColor(new Color(200, 30, 30)).setLineColor(new Color(200, 30, 30));
            f.setLineStyle(new BasicStroke(1.5f));
        }
        if (otherX.isEmpty() && front.isEmpty()) {
            chart.setTitle("Pareto front: no completed trial has every objective");
            chart.addSeries("none", List.of(0.0), List.of(0.0)).setMarker(SeriesMarkers.NONE);
        }
        String note = "Objectives: " + String.join(", ", objectives.stream().map(Objective::describe).toList())
                + ". A trial is on the front when no other completed trial is at least as good in every objective and "
                + "better in one." + (objectives.size() > 2 ? " The front is in all " + objectives.size()
                + " objectives and drawn in the first two, so some of its points look dominated here." : "");
        return Optional.of(new Plot("pareto", "Pareto front", note, new Panels(List.of(chart), 640, 460),
                table(front, objectives)));
    }

    private static String axis(Objective o) {
        return o.column() + " (" + o.direction().name().toLowerCase(java.util.Locale.ROOT) + ")";
    }

    private static String table(List<Map<String, Object>> front, List<Objective> objectives) {
        StringBuilder h = new StringBuilder("<table><caption>The front's trials</caption>\n<tr><th>trial</th>");
        objectives.forEach(o -> h.append("<th>").append(HtmlReport.esc(o.column())).append("</th>"));
        h.append("<th>parameters</th></tr>\n");
        for (Map<String, Object> r : front) {
            h.append("<tr><td>").append(r.get("trial")).append("</td>");
            for (Objective o : objectives) {
                double v = StudyTables.metric(r, o.column()).orElse(Double.NaN);
                h.append("<td>").append(HtmlReport.fixed(v, v == Math.rint(v) ? 0 : 4, "–")).append("</td>");
            }
            h.append("<td class=\"l\">").append(HtmlReport.esc(String.valueOf(r.get("params")))).append("</td></tr>\n");
        }
        return h.append("</table>\n").toString();
    }
}
