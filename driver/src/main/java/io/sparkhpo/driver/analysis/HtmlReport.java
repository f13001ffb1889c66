package io.sparkhpo.driver.analysis;

import io.sparkhpo.driver.tables.TrialRecord;

import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * One HTML page that opens offline: CSS and scripts inline, pictures as data URIs (the PNG and SVG files beside it
 * are linked for printing). The separability table with a reading of each slice, the heatmaps, each slice's grid of
 * errors as a table with its ten best cells in bold, learning curves, schedules, the Pareto front of a study with
 * several objectives, then the charts the dashboard draws ({@link ReportCharts}: history, parallel coordinates, slices,
 * importances), and every trial.
 */
final class HtmlReport {

    /** |slope| below this, with the interaction share under {@link #SEPARABLE_SHARE}: axis-aligned. */
    static final double SEPARABLE_SLOPE = 0.3;
    static final double SEPARABLE_SHARE = 0.2;
    /** A slope below this: the diagonal of coupled α and λ. */
    static final double COUPLED_SLOPE = -0.6;
    /** A ridge slope less certain than this tells neither shape. */
    static final double UNCERTAIN_SE = 0.4;

    private HtmlReport() {
    }

    /** What the measures say about a slice, in words, with the thresholds stated in the report. */
    static String reading(Measures m) {
        if (Double.isNaN(m.ridgeSlope()) || Double.isNaN(m.interactionShare()) || Double.isNaN(m.ridgeSlopeSe())) {
            return "not enough finished trials to tell";
        }
        if (m.ridgeSlopeSe() > UNCERTAIN_SE) {
            return "uncertain: the ridge slope's standard error is over " + UNCERTAIN_SE;
        }
        if (m.ridgeSlope() < COUPLED_SLOPE) {
            return "diagonal: α and λ coupled (tune them together)";
        }
        if (Math.abs(m.ridgeSlope()) < SEPARABLE_SLOPE && m.interactionShare() < SEPARABLE_SHARE) {
            return "axis-aligned: separable (tune one, then the other)";
        }
        return "in between";
    }

    /** The report: the separability table, then each plot (title, note, picture inline, appendix), then the trials. */
    static String render(String study, List<Slice> slices, List<TrialRecord> trials, List<Plot> plots)
            throws java.io.IOException {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>sparkhpo: ")
                .append(esc(study)).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:2em;max-width:1400px;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0;font-size:13px}")
                .append("th,td{border:1px solid #ccc;padding:3px 7px;text-align:right}th{background:#f2f2f2}")
                .append("td.l{text-align:left}img{max-width:100%;border:1px solid #eee}.top{font-weight:bold;outline:2px solid #222}")
                .append("caption{text-align:left;font-weight:bold;padding:4px 0}.note{color:#555;font-size:13px}")
                .append(".grid{display:flex;flex-wrap:wrap;gap:8px}\n")
                .append("</style></head><body>\n");
        h.append("<h1>Study ").append(esc(study)).append(": learning rate × weight decay</h1>\n");
        long complete = trials.stream().filter(TrialRecord::isComplete).count();
        h.append("<p>").append(trials.size()).append(" trials, ").append(complete).append(" complete. Error: final test error.")
                .append(" Figures: ");
        for (Plot p : plots) {
            h.append("<a href=\"").append(p.name()).append(".svg\">").append(p.name()).append(".svg</a> · <a href=\"")
                    .append(p.name()).append(".png\">").append(p.name()).append(".png</a> · ");
        }
        h.append("table: <code>separability/</code> (Parquet).</p>\n");
        setup(trials).ifPresent(t -> h.append("<p>").append(esc(t)).append("</p>\n"));
        separability(h, slices);
        for (Plot p : plots) {
            h.append("<h2>").append(esc(p.title())).append("</h2>\n");
            if (!p.note().isEmpty()) {
                h.append("<p class=\"note\">").append(esc(p.note())).append("</p>\n");
            }
            img(h, p.png(), p.title().toLowerCase(java.util.Locale.ROOT));
            h.append(p.appendixHtml());
        }
        h.append(ReportCharts.html(trials));
        trialTable(h, trials);
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void separability(StringBuilder h, List<Slice> slices) {
        h.append("<h2>Separability</h2>\n<p class=\"note\">Interaction share: the part of the variance of ln(error) that ")
                .append("row (α) plus column (λ) effects do not explain (two-way ANOVA; 0 = separable). Ridge slope: ")
                .append("d log2 λ*(α) / d log2 α with its standard error (0 = the best λ does not move with α; −1 = the ")
                .append("diagonal α·λ = const). Reading: slope &lt; ").append(COUPLED_SLOPE).append(" diagonal; |slope| &lt; ")
                .append(SEPARABLE_SLOPE).append(" and share &lt; ").append(SEPARABLE_SHARE).append(" axis-aligned; a standard error over ")
                .append(UNCERTAIN_SE).append(" uncertain. Ridge points at the grid's edge may lie beyond it. ")
                .append("Importances: functional-ANOVA shares of α, λ and α×λ.</p>\n");
        h.append("<table><tr><th>slice</th><th>method</th><th>cells</th><th>missing</th><th>interaction share</th>")
                .append("<th>ridge slope</th><th>± se</th><th>ridge points (at edge)</th><th>importance α / λ / α×λ</th>")
                .append("<th>best α</th><th>best λ</th><th>best error</th><th>reading</th></tr>\n");
        for (Slice s : slices) {
            Measures m = s.measures();
            Cell best = m.best().orElse(null);
            h.append("<tr><td class=\"l\">").append(esc(s.title())).append("</td><td>").append(m.method()).append("</td><td>")
                    .append(m.cells()).append("</td><td>").append(m.missingCells()).append("</td><td>").append(f(m.interactionShare(), 3))
                    .append("</td><td>").append(f(m.ridgeSlope(), 2)).append("</td><td>").append(f(m.ridgeSlopeSe(), 2))
                    .append("</td><td>").append(m.ridgePoints()).append(" (").append(m.ridgeAtEdge()).append(")</td><td>")
                    .append(f(m.importanceLr(), 2)).append(" / ").append(f(m.importanceWd(), 2)).append(" / ")
                    .append(f(m.importanceInteraction(), 2)).append("</td><td>").append(best == null ? "-" : sci(best.lr()))
                    .append("</td><td>").append(best == null ? "-" : sci(best.weightDecay())).append("</td><td>")
                    .append(best == null ? "-" : f(best.error(), 4)).append("</td><td class=\"l\">").append(esc(reading(m)))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    /** Each slice's cells as a table of test errors, the best ten marked (the heatmaps' appendix). */
    static String gridTables(List<Slice> slices) {
        StringBuilder h = new StringBuilder();
        for (Slice s : slices) {
            gridTable(h, s);
        }
        return h.toString();
    }

    private static void gridTable(StringBuilder h, Slice s) {
        Heatmaps.Grid g = Heatmaps.grid(s);
        if (g.values().isEmpty()) {
            return;
        }
        Double[][] v = new Double[g.xs().size()][g.ys().size()];
        for (Number[] c : g.values()) {
            v[c[0].intValue()][c[1].intValue()] = c[2].doubleValue();
        }
        double tenth = 100 * s.measures().topThreshold() + 1e-9; // the cells hold errors in %
        h.append("<table><caption>").append(esc(s.title())).append(": test error % (rows log2 ").append(esc(s.wdSymbol()))
                .append(", columns log2 α")
                .append(s.measures().method().equals("grid") ? "" : "; trials binned, best per bin").append(")</caption>\n<tr><th></th>");
        for (String x : g.xs()) {
            h.append("<th>").append(esc(x)).append("</th>");
        }
        h.append("</tr>\n");
        for (int j = g.ys().size() - 1; j >= 0; j--) {
            h.append("<tr><th>").append(esc(g.ys().get(j))).append("</th>");
            for (int i = 0; i < g.xs().size(); i++) {
                Double e = v[i][j];
                if (e == null) {
                    h.append("<td>–</td>");
                } else {
                    h.append("<td").append(e <= tenth ? " class=\"top\"" : "").append(">").append(f(e, 1)).append("</td>");
                }
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static void trialTable(StringBuilder h, List<TrialRecord> trials) {
        h.append("<h2>Trials</h2>\n<table><tr>");
        List<String> cols = List.of("trial", "state", "optimizer_label", "weight_decay_mode", "lr", "weight_decay",
                "weight_decay_norm", "final_test_error", "best_test_error", "epochs_run", "wall_seconds", "error");
        for (String c : cols) {
            h.append("<th>").append(c).append("</th>");
        }
        h.append("</tr>\n");
        for (TrialRecord t : trials) {
            h.append("<tr>");
            for (String c : cols) {
                Object o = t.get(c);
                String text = o == null ? "" : o instanceof Double d ? (c.contains("error") ? f(d, 4) : c.equals("wall_seconds")
                        ? f(d, 1) : sci(d)) : o.toString();
                h.append(c.equals("error") || c.endsWith("mode") || c.equals("state") || c.equals("optimizer_label")
                        ? "<td class=\"l\">" : "<td>").append(esc(text)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static void img(StringBuilder h, byte[] png, String alt) {
        h.append("<p><img alt=\"").append(esc(alt)).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png)).append("\"></p>\n");
    }

    private static String f(double v, int digits) {
        return fixed(v, digits, "–");
    }

    /** {@code v} with {@code digits} decimals, or {@code none} when it is not a number. */
    static String fixed(double v, int digits, String none) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + digits + "f", v) : none;
    }

    private static String sci(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /**
     * What the trials trained, e.g. "Trained: resnet20 {"shortcut":"A"} (269,722 parameters) on cifar10 (50000 train,
     * 10000 test examples)", each distinct combination once (warm-started rows may bring others); empty for a user
     * objective's study.
     */
    static java.util.Optional<String> setup(List<TrialRecord> trials) {
        java.util.Set<String> seen = new java.util.LinkedHashSet<>();
        for (TrialRecord t : trials) {
            String model = t.getString("model");
            if (model == null || t.isUserObjective()) {
                continue;
            }
            Object settings = t.get("model_settings");
            Object parameters = t.get("parameters");
            seen.add(model + (settings == null ? "" : " " + settings)
                    + (parameters instanceof Number n ? String.format(java.util.Locale.ROOT, " (%,d parameters)", n.longValue()) : "")
                    + " on " + t.getString("dataset") + " (" + t.get("train_size") + " train, " + t.get("test_size")
                    + " test examples)");
        }
        return seen.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of("Trained: " + String.join("; ", seen));
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
