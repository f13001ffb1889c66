package io.sparkhpo.driver.analysis;

import io.sparkhpo.driver.study.StudyLayout;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * {@code analyze STUDY_DIR}: reads the study's {@code trials} and {@code epochs} tables with Spark SQL (any file
 * system Spark reads: local, HDFS, S3A), measures each slice, and writes the {@code separability} table and the
 * {@code analysis/} folder: heatmaps, learning curves and schedules, the Pareto front of a multi-objective study (PNG
 * and SVG) and {@code report.html}. Everything it writes is replaced on the next run. The epochs table is only read;
 * of the trials table, only a multi-objective study's {@code pareto_rank} column is brought up to date
 * ({@link io.sparkhpo.driver.tables.ParetoRanks}).
 */
public final class StudyAnalyzer {

    public static final String TABLE = StudyLayout.SEPARABILITY;
    public static final String FOLDER = StudyLayout.ANALYSIS;

    /** What an analysis produced. */
    public record Result(String study, List<Slice> slices, String report) {
    }

    private StudyAnalyzer() {
    }

    public static Result analyze(SparkSession spark, String studyDir, PrintStream err) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        Path dir = new Path(studyDir);
        Analysis.check(spark, studyDir);
        io.sparkhpo.driver.tables.ParetoRanks.update(spark, studyDir).ifPresent(r -> err.printf(
                "sparkhpo: analysis: Pareto front of %s: %d of %d completed trials (rank 0 in pareto_rank; %d row(s) updated)%n",
                io.sparkhpo.driver.tables.Objectives.describe(r.objectives()), r.front(), r.ranked(), r.rewritten()));
        Analysis.Study study = Analysis.read(spark, studyDir);
        List<Slice> slices = study.slices();
        spark.createDataFrame(SeparabilityTable.rows(study.name(), slices), SeparabilityTable.SCHEMA).coalesce(1)
                .write().mode(SaveMode.Overwrite).parquet(new Path(dir, TABLE).toString());
        Path out = new Path(dir, FOLDER);
        try {
            FileSystem fs = out.getFileSystem(hadoop);
            fs.delete(out, true);
            fs.mkdirs(out);
            List<Plot> plots = Analysis.plots(study);
            for (Plot p : plots) {
                write(fs, new Path(out, p.name() + ".png"), p.png());
                write(fs, new Path(out, p.name() + ".svg"), p.svg());
            }
            String html = HtmlReport.render(study.name(), slices, study.trials(), plots);
            Path report = new Path(out, StudyLayout.REPORT);
            write(fs, report, html.getBytes(StandardCharsets.UTF_8));
            for (Slice s : slices) {
                err.println("sparkhpo: analysis: " + summary(s));
            }
            return new Result(study.name(), slices, report.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("writing the analysis of " + studyDir + ": " + e.getMessage(), e);
        }
    }

    /** One line per slice: method, size, the two measures and the best cell. */
    static String summary(Slice s) {
        Measures m = s.measures();
        String best = m.best().map(c -> String.format(Locale.ROOT, "; best %.4f at α=%.3g %s=%.3g", c.error(), c.lr(),
                s.wdSymbol(), c.weightDecay())).orElse("");
        return String.format(Locale.ROOT, "%s: %s of %d cells (%d missing), interaction share %s, ridge slope %s ± %s%s; %s",
                s.title(), m.method(), m.cells(), m.missingCells(), num(m.interactionShare(), 3), num(m.ridgeSlope(), 2),
                num(m.ridgeSlopeSe(), 2), best, HtmlReport.reading(m));
    }

    private static String num(double v, int digits) {
        return HtmlReport.fixed(v, digits, "n/a");
    }

    private static void write(FileSystem fs, Path p, byte[] bytes) throws IOException {
        try (FSDataOutputStream o = fs.create(p, true)) {
            o.write(bytes);
        }
    }
}
