package io.sparkhpo.driver.lrfind;

import io.sparkhpo.driver.builtin.TrialFactory;
import io.sparkhpo.driver.sweep.SweepRunner;
import io.sparkhpo.driver.study.StudyLayout;
import io.sparkhpo.driver.study.UserError;
import io.sparkhpo.driver.config.SweepConfig;
import io.sparkhpo.driver.tables.Column;
import io.sparkhpo.driver.tables.ParquetTableWriter;
import io.sparkhpo.driver.tables.TableSchema;
import io.sparkhpo.executors.data.DataSpec;
import io.sparkhpo.executors.train.LrFinder;
import io.sparkhpo.executors.train.TrialSpec;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code sparkhpo lr-find}: the learning-rate range test ({@link LrFinder}) for a sweep's configuration, with the
 * config's fixed values and, for searched ones, trial 0's. Writes {@code STUDY/lr_find/} (Parquet: iteration, lr,
 * loss, smoothed_loss) and {@code STUDY/lr_find.png}, and returns the suggestion. Runs in this JVM; no Spark.
 */
public final class LrFind {

    public static final TableSchema TABLE = new TableSchema(StudyLayout.LR_FIND, List.of(
            Column.required("iteration", Column.Type.INT), Column.required("lr", Column.Type.DOUBLE),
            Column.required("loss", Column.Type.DOUBLE), Column.required("smoothed_loss", Column.Type.DOUBLE)));
    static final String PLOT = StudyLayout.LR_FIND_PLOT;

    /** @param divergeFactor stop once the smoothed loss exceeds this multiple of its minimum */
    public record Options(double minLr, double maxLr, int iterations, double divergeFactor, boolean overwrite) {
    }

    /** @param plot path of the PNG; @param table the Parquet table's folder */
    public record Outcome(LrFinder.Result result, TrialSpec spec, String table, String plot) {
    }

    private LrFind() {
    }

    public static Outcome run(SweepConfig cfg, Options o, PrintStream err) {
        DataSpec data = SweepRunner.resolveData(cfg, err);
        String dir = cfg.study().directory();
        Configuration conf = new Configuration();
        prepare(dir, o.overwrite(), conf);
        TrialSpec spec = new TrialFactory(cfg, data).spec(SweepRunner.newStudy(cfg).ask());
        err.printf("sparkhpo: lr-find: %s on %s, lr from %.3g to %.3g over %d steps%n", spec.optimizer().label(),
                data.name(), o.minLr(), o.maxLr(), o.iterations());
        LrFinder.Result r = LrFinder.run(spec, Runtime.getRuntime().availableProcessors(), o.minLr(), o.maxLr(),
                o.iterations(), o.divergeFactor());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (LrFinder.Point p : r.points()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("iteration", p.iteration());
            row.put("lr", p.lr());
            row.put("loss", p.loss());
            row.put("smoothed_loss", p.smoothedLoss());
            rows.add(row);
        }
        new ParquetTableWriter(dir, conf).append(TABLE, "00000", rows);
        String plot = dir + "/" + PLOT;
        writePlot(r, spec, plot, conf);
        return new Outcome(r, spec, dir + "/" + TABLE.name(), plot);
    }

    private static void prepare(String dir, boolean overwrite, Configuration conf) {
        try {
            Path table = new Path(dir, TABLE.name());
            Path plot = new Path(dir, PLOT);
            FileSystem fs = table.getFileSystem(conf);
            if ((fs.exists(table) || fs.exists(plot)) && !overwrite) {
                throw new UserError(dir + " already holds an lr-find result; pass --overwrite to replace it");
            }
            fs.delete(table, true);
            fs.delete(plot, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loss and smoothed loss against lr on a log axis, the suggestion marked. */
    static void writePlot(LrFinder.Result r, TrialSpec spec, String target, Configuration conf) {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(560)
                .title("LR range test: " + spec.optimizer().label() + ", " + spec.model().label() + " on " + spec.data().name())
                .xAxisTitle("learning rate").yAxisTitle("training loss").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        double[] lr = r.points().stream().mapToDouble(LrFinder.Point::lr).toArray();
        if (lr.length > 0) {
            // the interesting part is the fall before the blow-up: bound the axis by 2x the starting loss
            double low = r.points().stream().mapToDouble(LrFinder.Point::loss).min().orElse(0);
            chart.getStyler().setYAxisMin(0.95 * low);
            chart.getStyler().setYAxisMax(2 * r.points().get(0).smoothedLoss());
            XYSeries raw = chart.addSeries("loss", lr, r.points().stream().mapToDouble(LrFinder.Point::loss).toArray());
            raw.setLineColor(new Color(170, 170, 220));
            raw.setMarker(SeriesMarkers.NONE);
            XYSeries smooth = chart.addSeries("smoothed loss", lr,
                    r.points().stream().mapToDouble(LrFinder.Point::smoothedLoss).toArray());
            smooth.setLineColor(new Color(30, 60, 160));
            smooth.setLineStyle(new BasicStroke(2.5f));
            smooth.setMarker(SeriesMarkers.NONE);
            r.suggestion().ifPresent(s -> {
                XYSeries mark = chart.addSeries(String.format("suggested lr %.3g", s), new double[]{s, s},
                        new double[]{0.95 * low, 2 * r.points().get(0).smoothedLoss()});
                mark.setLineColor(new Color(200, 40, 40));
                mark.setMarker(SeriesMarkers.NONE);
            });
        }
        try {
            java.nio.file.Path local = Files.createTempFile("lr_find", ".png");
            BitmapEncoder.saveBitmap(chart, local.toString(), BitmapEncoder.BitmapFormat.PNG);
            Path out = new Path(target);
            out.getFileSystem(conf).copyFromLocalFile(true, true, new Path(local.toUri()), out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + target + ": " + e.getMessage(), e);
        }
    }
}
