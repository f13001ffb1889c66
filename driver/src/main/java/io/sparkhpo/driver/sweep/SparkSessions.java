package io.sparkhpo.driver.sweep;

import io.sparkhpo.driver.config.SweepConfig;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.util.Map;

/**
 * Starts the Spark session: embedded local mode ({@code local[P]}, P = parallelism) when run with
 * {@code java -jar}, the cluster spark-submit chose otherwise. Settings from the config's {@code spark} section
 * are applied last.
 */
final class SparkSessions {

    private SparkSessions() {
    }

    /** Whether spark-submit (or the user) already chose a master. */
    static boolean submitted() {
        return new SparkConf().contains("spark.master");
    }

    static SparkSession start(SweepConfig cfg, int localParallelism) {
        SparkSession.Builder b = SparkSession.builder().appName("sparkhpo " + cfg.study().name())
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.scheduler.mode", "FAIR");
        if (!submitted()) {
            b.master("local[" + localParallelism + "]")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1");
        }
        for (Map.Entry<String, String> e : cfg.spark().entrySet()) {
            b.config(e.getKey(), e.getValue());
        }
        return b.getOrCreate();
    }

    /**
     * Intra-op threads per trial: in local mode the machine's cores shared by the trials in flight; on a cluster
     * the cores Spark gives each task ({@code spark.task.cpus}).
     */
    static int threadsPerTrial(SparkSession spark, int parallelism) {
        if (spark.sparkContext().isLocal()) {
            return Math.max(1, Runtime.getRuntime().availableProcessors() / parallelism);
        }
        return Integer.parseInt(spark.conf().get("spark.task.cpus", "1"));
    }

    /** Trials the cluster can run at once: task slots ({@code defaultParallelism / spark.task.cpus}). */
    static int clusterSlots(SparkSession spark) {
        int cpus = Integer.parseInt(spark.conf().get("spark.task.cpus", "1"));
        return Math.max(1, spark.sparkContext().defaultParallelism() / cpus);
    }
}
