package io.sparkhpo.driver.analysis;

import io.sparkhpo.driver.study.StudyLayout;
import io.sparkhpo.driver.study.UserError;
import io.sparkhpo.driver.tables.EpochRecord;
import io.sparkhpo.driver.tables.StudyTables;
import io.sparkhpo.driver.tables.TrialRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.knowm.xchart.HeatMapChart;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The analysis as a library, for {@code sparkhpo analyze} and for notebooks: a study's slices (one per optimizer,
 * decay mode and schedule, each with its {@link Measures}), its epochs, the report's plots, the heatmap charts, and
 * each slice's ridge (the best λ for each α).
 *
 * <pre>{@code
 * Analysis.Study s = Analysis.read(spark, "runs/separability-cpu");
 * for (Slice slice : s.slices()) System.out.println(slice.title() + " " + slice.measures().ridgeSlope());
 * List<HeatMapChart> charts = Analysis.heatmaps(s.slices());
 * }</pre>
 */
public final class Analysis {

    /**
     * What the analysis reads from a study folder.
     *
     * @param trials the study's own trials (warm-start rows left out), by trial number, as {@link TrialRecord}s: what
     *               the dashboard's reader gives too, so the report and the dashboard read one row model
     * @param epochs each trial's epochs rows by trial number (columns trial, epoch, lr, weight_decay and test_error;
     *               by epoch), as {@link EpochRecord}s, the form {@link ChartSeries} reads
     * @param pbt    a PBT sweep's exploits (its {@code pbt} table's rows as maps, by epoch and target; empty when no
     *               member exploited); empty for other sweeps
     */
    public record Study(String name, List<TrialRecord> trials, List<Slice> slices, Map<Integer, List<EpochRecord>> epochs,
                        java.util.Optional<List<Map<String, Object>>> pbt) {
    }

    private Analysis() {
    }

    /** @throws UserError when the folder holds no trials table, or an empty one */
    public static Study read(SparkSession spark, String studyDir) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        Path trialsPath = check(spark, studyDir);
        List<TrialRecord> trials = TrialRecord.all(StudyTables.maps(StudyTables.ownTrials(
                spark.read().parquet(trialsPath.toString())).orderBy("trial").collectAsList()));
        if (trials.isEmpty()) {
            throw new UserError("analyze: the trials table in " + studyDir + " has no rows");
        }
        return new Study(trials.get(0).study(), trials, SliceBuilder.slices(trials),
                epochs(spark, new Path(studyDir, StudyLayout.EPOCHS), hadoop), pbt(spark, new Path(studyDir, StudyLayout.PBT), hadoop));
    }

    /**
     * The study's trials table.
     *
     * @throws UserError when the folder holds none
     */
    static Path check(SparkSession spark, String studyDir) {
        Path trialsPath = new Path(studyDir, StudyLayout.TRIALS);
        try {
            FileSystem fs = trialsPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(trialsPath)) {
                throw new UserError("analyze: " + studyDir + " holds no trials table (expected " + trialsPath
                        + ", which a sweep writes)");
            }
        } catch (IOException e) {
            throw new UserError("analyze: cannot read " + studyDir + ": " + e.getMessage());
        }
        return trialsPath;
    }

    /** The slices of a study's trials; warm-start rows must already be left out. */
    public static List<Slice> slices(List<TrialRecord> trials) {
        return trials.isEmpty() ? List.of() : SliceBuilder.slices(trials);
    }

    /**
     * The slices of trials rows given as maps by column (a convenience for rows at hand: {@link #slices} of their
     * {@link TrialRecord}s); warm-start rows must already be left out.
     */
    public static List<Slice> slicesOf(List<Map<String, Object>> rows) {
        return slices(TrialRecord.all(rows));
    }

    /** A slice's heatmap cells: log2 axis labels and {x, y, error %} triples (a grid's cells, or binned trials). */
    public static Heatmaps.Grid grid(Slice s) {
        return Heatmaps.grid(s);
    }

    /** What a slice's measures say, in the report's words. */
    public static String reading(Measures m) {
        return HtmlReport.reading(m);
    }

    /** The report's plots ({@link Plots}). */
    public static List<Plot> plots(Study s) {
        return Plots.all(s);
    }

    /** One heatmap per slice on one colour scale, the ten best cells circled (the report's first plot). */
    public static List<HeatMapChart> heatmaps(List<Slice> slices) {
        return Heatmaps.draw(slices).charts().stream().map(c -> (HeatMapChart) c).toList();
    }

    /** A slice's ridge: for each log2 α with a finished trial, {log2 α, log2 λ of the best one}, by α. */
    public static List<double[]> ridge(Slice s) {
        Map<Double, Cell> best = new TreeMap<>();
        for (Cell c : s.cells()) {
            if (Double.isFinite(c.error()) && c.weightDecay() > 0) {
                best.merge(c.lr(), c, (a, b) -> b.error() < a.error() ? b : a);
            }
        }
        List<double[]> out = new ArrayList<>();
        best.forEach((lr, c) -> out.add(new double[]{log2(lr), log2(c.weightDecay())}));
        return out;
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }

    private static Map<Integer, List<EpochRecord>> epochs(SparkSession spark, Path path, Configuration hadoop) {
        Map<Integer, List<EpochRecord>> byTrial = new TreeMap<>();
        try {
            if (!path.getFileSystem(hadoop).exists(path)) {
                return byTrial;
            }
        } catch (IOException e) {
            return byTrial;
        }
        List<Row> rows = spark.read().parquet(path.toString()).select("trial", "epoch", "lr", "weight_decay", "test_error")
                .orderBy("trial", "epoch").collectAsList();
        for (EpochRecord r : EpochRecord.all(StudyTables.maps(rows))) {
            byTrial.computeIfAbsent(r.trial(), k -> new ArrayList<>()).add(r);
        }
        return byTrial;
    }

    /** A PBT sweep's {@code pbt} table, ordered by epoch and target; empty when the study has none. */
    private static java.util.Optional<List<Map<String, Object>>> pbt(SparkSession spark, Path path, Configuration hadoop) {
        try {
            if (!path.getFileSystem(hadoop).exists(path) || path.getFileSystem(hadoop).listStatus(path,
                    p -> p.getName().endsWith(".parquet")).length == 0) {
                return java.util.Optional.empty();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("reading " + path + ": " + e.getMessage(), e);
        }
        return java.util.Optional.of(StudyTables.maps(spark.read().parquet(path.toString()).orderBy("epoch", "target")
                .collectAsList()));
    }
}
