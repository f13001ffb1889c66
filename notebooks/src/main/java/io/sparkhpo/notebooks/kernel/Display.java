package io.sparkhpo.notebooks.kernel;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;

/** What a notebook cell can show: an XChart chart or PNG bytes as an image, HTML, or the first rows of a table. */
public final class Display {

    private Display() {
    }

    public static void chart(Chart<?, ?> chart) {
        try {
            png(BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void png(byte[] png) {
        DisplayData d = new DisplayData("[image: PNG, " + png.length + " bytes]");
        d.putData("image/png", Base64.getEncoder().encodeToString(png));
        JavaKernel.current().display(d);
    }

    public static void html(String html) {
        DisplayData d = new DisplayData(html.replaceAll("<[^>]+>", " "));
        d.putData("text/html", html);
        JavaKernel.current().display(d);
    }

    /** The first {@code limit} rows of a Spark table as an HTML table (and as text for plain front ends). */
    public static void table(Dataset<Row> table, int limit) {
        String[] cols = table.columns();
        List<Row> rows = table.limit(limit).collectAsList();
        StringBuilder h = new StringBuilder("<table><tr>");
        StringBuilder t = new StringBuilder(String.join("\t", cols)).append('\n');
        for (String c : cols) {
            h.append("<th>").append(escape(c)).append("</th>");
        }
        h.append("</tr>");
        for (Row r : rows) {
            h.append("<tr>");
            for (int i = 0; i < cols.length; i++) {
                String v = format(r.get(i));
                h.append("<td>").append(escape(v)).append("</td>");
                t.append(v).append(i + 1 < cols.length ? "\t" : "\n");
            }
            h.append("</tr>");
        }
        h.append("</table>");
        DisplayData d = new DisplayData(t.toString());
        d.putData("text/html", h.toString());
        JavaKernel.current().display(d);
    }

    private static String format(Object v) {
        if (v instanceof Double d) {
            return Math.abs(d) >= 1e-3 && Math.abs(d) < 1e4 || d == 0 ? String.format("%.4f", d) : String.format("%.3e", d);
        }
        return String.valueOf(v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
