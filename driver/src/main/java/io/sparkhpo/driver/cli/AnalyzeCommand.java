package io.sparkhpo.driver.cli;

import io.sparkhpo.driver.analysis.StudyAnalyzer;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code sparkhpo analyze STUDY_DIR}: the separability table, heatmaps, curves and report of a finished sweep. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Measure how separable learning rate and weight decay are in a study's tables, and draw the "
                + "heatmaps, learning curves and an HTML report (STUDY_DIR/separability, STUDY_DIR/analysis/).")
final class AnalyzeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "STUDY_DIR", description = "the study folder a sweep wrote (holds trials/ and epochs/); "
            + "any path Spark reads, e.g. hdfs://...")
    String studyDir;

    @Override
    public Integer call() {
        boolean submitted = new SparkConf().contains("spark.master");
        SparkSession.Builder b = SparkSession.builder().appName("sparkhpo analyze").config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false");
        if (!submitted) {
            b.master("local[2]").config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        }
        boolean own = SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = b.getOrCreate();
        try {
            StudyAnalyzer.Result r = StudyAnalyzer.analyze(spark, studyDir, System.err);
            System.out.println("separability: " + studyDir + "/" + StudyAnalyzer.TABLE);
            System.out.println("report: " + r.report());
            return 0;
        } finally {
            if (own) {
                spark.stop();
            }
        }
    }
}
