package io.sparkhpo.driver.runtime;

import io.sparkhpo.driver.config.SweepConfig;
import io.sparkhpo.driver.study.UserError;
import io.sparkhpo.executors.train.Engines;
import io.sparkhpo.executors.train.TrainingEngine;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.util.Map;

/**
 * Starts the Spark session: embedded local mode ({@code local[P]}, P = parallelism) when run with
 * {@code java -jar}, the cluster spark-submit chose otherwise. Settings from the config's {@code spark} section
 * are applied last.
 */
public final class SparkSessions {

    private SparkSessions() {
    }

    /**
     * For an engine that runs one trial per JVM ({@link TrainingEngine#trialsPerJvm()}): an executor must take one
     * trial at a time. Sets {@code spark.task.cpus} to {@code spark.executor.cores} when only the latter is given, and
     * refuses a setting that would put two of its trials on one executor.
     */
    static void oneTrialPerExecutor(SparkSession.Builder b, SweepConfig cfg, TrainingEngine engine) {
        SparkConf conf = new SparkConf();
        cfg.spark().forEach(conf::set);
        String cores = conf.get("spark.executor.cores", "");
        String taskCpus = conf.get("spark.task.cpus", "");
        if (cores.isEmpty()) {
            throw new UserError("training.engine = " + engine.name() + " on a cluster needs spark.executor.cores (and "
                    + "spark.task.cpus equal to it): " + engine.trialsPerJvmReason());
        }
        if (taskCpus.isEmpty()) {
            b.config("spark.task.cpus", cores);
        } else if (!taskCpus.equals(cores)) {
            throw new UserError("training.engine = " + engine.name() + " needs spark.task.cpus = spark.executor.cores ("
                    + engine.trialsPerJvmReason() + "), got spark.task.cpus=" + taskCpus + " and spark.executor.cores=" + cores);
        }
    }

    /** Whether spark-submit (or the user) already chose a master. */
    static boolean submitted() {
        return new SparkConf().contains("spark.master");
    }

    public static SparkSession start(SweepConfig cfg, int localParallelism) {
        TrainingEngine engine = Engines.get(cfg.training().engine());
        return start("sparkhpo " + cfg.study().name(), localParallelism, cfg.search().maxTrialRetries(), cfg.spark(), b -> {
            if (submitted() && engine.trialsPerJvm().orElse(Integer.MAX_VALUE) == 1) {
                oneTrialPerExecutor(b, cfg, engine);
            }
        });
    }

    /**
     * The sweep's Spark session: the one spark-submit configured, or embedded {@code local[N]} bound to the loopback;
     * a task runs at most {@code maxTrialRetries + 1} times; {@code spark} settings on top.
     */
    public static SparkSession start(String appName, int localParallelism, int maxTrialRetries, Map<String, String> spark,
                                     java.util.function.Consumer<SparkSession.Builder> more) {
        SparkSession.Builder b = SparkSession.builder().appName(appName)
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.scheduler.mode", "FAIR");
        if (!submitted()) {
            b.master("local[" + localParallelism + "," + (maxTrialRetries + 1) + "]")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1");
        }
        b.config("spark.task.maxFailures", String.valueOf(maxTrialRetries + 1));
        for (Map.Entry<String, String> e : spark.entrySet()) {
            b.config(e.getKey(), e.getValue());
        }
        more.accept(b);
        SparkSession session = b.getOrCreate();
        requireRunning(session);
        return session;
    }

    /**
     * Fails with the likely reason when the cluster stopped the application (a standalone master that never accepted
     * it stops it after about a minute of retries): everything after would fail on the stopped context, or wait for
     * executors that cannot come.
     */
    static void requireRunning(SparkSession spark) {
        if (spark.sparkContext().isStopped()) {
            throw new io.sparkhpo.driver.study.RunFailure("the Spark application was stopped before it could run: the master "
                    + spark.sparkContext().master() + " did not accept it (check the master URL and, on a cluster with "
                    + "spark.authenticate, spark.authenticate.secret) or lost it; Spark's log above says which");
        }
    }

    /**
     * Intra-op threads per trial: in local mode the machine's cores shared by the trials in flight; on a cluster
     * the cores Spark gives each task ({@code spark.task.cpus}).
     */
    public static int threadsPerTrial(SparkSession spark, int parallelism) {
        if (spark.sparkContext().isLocal()) {
            return Math.max(1, Runtime.getRuntime().availableProcessors() / parallelism);
        }
        return Integer.parseInt(spark.conf().get("spark.task.cpus", "1"));
    }

    /**
     * The executors registered with the driver, waiting for them to appear (executors register a few seconds after
     * the application starts): until the count has not changed for 3 s, at most 60 s, and not once the application
     * has stopped.
     */
    static int registeredExecutors(SparkSession spark) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        int last = -1;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            requireRunning(spark);
            int n = spark.sparkContext().statusTracker().getExecutorInfos().length - 1; // the driver is listed too
            if (n != last) {
                last = n;
                stableSince = System.nanoTime();
            } else if (n > 0 && System.nanoTime() - stableSince > 3_000_000_000L) {
                return n;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Math.max(0, last);
            }
        }
        return Math.max(0, last);
    }

    /**
     * The executors' cores: registered executors times {@code spark.executor.cores} (Spark waits for most executors
     * to register before the first job), else {@code defaultParallelism} (which is at least 2 on standalone).
     */
    static int clusterCores(SparkSession spark) {
        int executors = registeredExecutors(spark);
        String cores = spark.conf().get("spark.executor.cores", "");
        if (executors > 0 && !cores.isEmpty()) {
            return executors * Integer.parseInt(cores);
        }
        return spark.sparkContext().defaultParallelism();
    }

    /**
     * Trials the cluster can run at once: its GPU slots when tasks take GPUs ({@code spark.task.resource.gpu.amount}),
     * else its task slots ({@code defaultParallelism / spark.task.cpus}).
     */
    public static int clusterSlots(SparkSession spark) {
        int cpus = Integer.parseInt(spark.conf().get("spark.task.cpus", "1"));
        int taskSlots = Math.max(1, clusterCores(spark) / cpus);
        double taskGpus = Double.parseDouble(spark.conf().get("spark.task.resource.gpu.amount", "0"));
        if (taskGpus <= 0) {
            return taskSlots;
        }
        int executorCores = Integer.parseInt(spark.conf().get("spark.executor.cores", "1"));
        double executorGpus = Double.parseDouble(spark.conf().get("spark.executor.resource.gpu.amount", "1"));
        int executors = Math.max(1, clusterCores(spark) / executorCores);
        return Math.max(1, Math.min(taskSlots, (int) Math.floor(executors * executorGpus / taskGpus)));
    }
}
