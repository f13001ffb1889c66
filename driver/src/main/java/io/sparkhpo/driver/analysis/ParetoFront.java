package io.sparkhpo.driver.analysis;

import io.sparkhpo.driver.tables.StudyTables;
import io.sparkhpo.driver.tables.TrialRecord;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A multi-objective study's trials in its first two objectives: the Pareto front (rank 0 of the trials table's
 * {@code pareto_rank}) joined in red, the other completed trials in grey, and a table of the front's trials. The
 * split is {@link ChartSeries#pareto}'s (the dashboard sends the same).
 */
final class ParetoFront {

    private ParetoFront() {
    }

    static Optional<Plot> draw(Analysis.Study study) {
        if (study.trials().isEmpty() || !study.trials().get(0).has(StudyTables.PARETO_RANK)) {
            return Optional.empty();
        }
        List<TrialRecord> rows = study.trials();
        ChartSeries.Pareto pareto = ChartSeries.pareto(rows);
        List<String> objectives = pareto.objectives();
        if (objectives.size() < 2) {
            return Optional.empty();
        }
        List<ChartSeries.Pareto.Point> front = pareto.frontAlongX();
        List<ChartSeries.Pareto.Point> rest = pareto.rest();
        XYChart chart = new XYChartBuilder().width(640).height(460).title("Pareto front: " + front.size() + " of "
                + pareto.total() + " completed trials").xAxisTitle(pareto.axis(0)).yAxisTitle(pareto.axis(1)).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE).setMarkerSize(8);
        if (!rest.isEmpty()) {
            XYSeries r = chart.addSeries("dominated", rest.stream().map(ChartSeries.Pareto.Point::x).toList(),
                    rest.stream().map(ChartSeries.Pareto.Point::y).toList());
            r.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            r.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(new Color(150, 150, 150));
        }
        if (!front.isEmpty()) {
            XYSeries f = chart.addSeries("Pareto front (rank 0)", front.stream().map(ChartSeries.Pareto.Point::x).toList(),
                    front.stream().map(ChartSeries.Pareto.Point::y).toList());
            f.setXYSeriesRenderStyle(objectives.size() == 2 ? XYSeries.XYSeriesRenderStyle.Line : XYSeries.XYSeriesRenderStyle.Scatter);
            f.setMarker(SeriesMarkers.DIAMOND).setMarkerColor(new Color(200, 30, 30)).setLineColor(new Color(200, 30, 30));
            f.setLineStyle(new BasicStroke(1.5f));
        }
        if (pareto.total() == 0) {
            chart.setTitle("Pareto front: no completed trial has every objective");
            chart.addSeries("none", List.of(0.0), List.of(0.0)).setMarker(SeriesMarkers.NONE);
        }
        String note = "Objectives: " + String.join(", ", objectives)
                + ". A trial is on the front when no other completed trial is at least as good in every objective and "
                + "better in one." + (objectives.size() > 2 ? " The front is in all " + objectives.size()
                + " objectives and drawn in the first two, so some of its points look dominated here." : "");
        return Optional.of(new Plot("pareto", "Pareto front", note, new Panels(List.of(chart), 640, 460),
                table(front, pareto, rows)));
    }

    private static String table(List<ChartSeries.Pareto.Point> front, ChartSeries.Pareto pareto, List<TrialRecord> rows) {
        Map<Integer, TrialRecord> byTrial = new HashMap<>();
        rows.forEach(r -> byTrial.put(r.number(), r));
        StringBuilder h = new StringBuilder("<table><caption>The front's trials</caption>\n<tr><th>trial</th>");
        for (int i = 0; i < pareto.objectives().size(); i++) {
            h.append("<th>").append(HtmlReport.esc(pareto.name(i))).append("</th>");
        }
        h.append("<th>parameters</th></tr>\n");
        for (ChartSeries.Pareto.Point p : front) {
            h.append("<tr><td>").append(p.trial()).append("</td>");
            for (double v : p.values()) {
                h.append("<td>").append(HtmlReport.fixed(v, v == Math.rint(v) ? 0 : 4, "–")).append("</td>");
            }
            h.append("<td class=\"l\">").append(HtmlReport.esc(String.valueOf(byTrial.get(p.trial()).get("params"))))
                    .append("</td></tr>\n");
        }
        return h.append("</table>\n").toString();
    }
}
