package io.sparkhpo.driver.analysis;

import io.sparkhpo.driver.tables.TrialRecord;
import io.sparkhpo.search.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's interactive charts: the optimization history, parallel coordinates, slices and importances, drawn in
 * the page by the dashboard's {@code charts.js} (with ECharts, both inlined, so the report still opens offline as one
 * file) from the {@link ChartData} the dashboard's API sends.
 */
final class ReportCharts {

    private static final String REPORT_JS = "/io/sparkhpo/driver/analysis/report.js";

    private ReportCharts() {
    }

    /** The section: a heading and note per chart, the data as JSON, and the three scripts inline. */
    static String html(List<TrialRecord> trials) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("history", ChartData.history(trials));
        data.put("points", ChartData.points(trials));
        data.put("heatmaps", ChartData.heatmaps(trials));
        StringBuilder h = new StringBuilder();
        h.append("<main id=\"report-charts\" data-view=\"report\">\n")
                .append("<noscript><p class=\"note\">The charts below are drawn by the page's script: allow scripts for "
                        + "this file to see them.</p></noscript>\n");
        section(h, "report-history", "Optimization history", "Each completed trial's objective by trial number, and the best so far.");
        section(h, "report-parallel", "Parallel coordinates", "The searched parameters and the objective of each completed "
                + "trial (at most " + ChartData.MAX_POINTS + ", sampled evenly); drag along an axis to select a range.");
        section(h, "report-slices", "Slices", "The objective against each searched parameter.");
        section(h, "report-importances", "Importances", "Functional-ANOVA shares of the variance of ln(test error) in each "
                + "slice, on the slice's α × λ grid or on the surface fitted to its trials (not on a random forest).");
        h.append("</main>\n<script type=\"application/json\" id=\"report-data\">")
                .append(Json.write(safe(data)).replace("</", "<\\/")).append("</script>\n");
        for (String script : List.of(ChartData.ECHARTS, ChartData.CHARTS_JS, REPORT_JS)) {
            h.append("<script>\n").append(inline(script)).append("\n</script>\n");
        }
        return h.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> safe(Map<String, Object> data) {
        return (Map<String, Object>) ChartData.jsonSafe(data);
    }

    private static void section(StringBuilder h, String id, String title, String note) {
        h.append("<h2>").append(title).append("</h2>\n<p class=\"note\">").append(HtmlReport.esc(note))
                .append("</p>\n<div id=\"").append(id).append("\"></div>\n");
    }

    /** A script from the classpath, checked to hold nothing that would end the {@code <script>} element early. */
    private static String inline(String resource) {
        try (InputStream in = ReportCharts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the build left out " + resource);
            }
            String js = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (js.toLowerCase(java.util.Locale.ROOT).contains("</script")) {
                throw new IllegalStateException(resource + " holds </script: it cannot be inlined");
            }
            return js;
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource + ": " + e.getMessage(), e);
        }
    }
}
