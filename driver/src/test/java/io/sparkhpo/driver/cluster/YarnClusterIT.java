package io.sparkhpo.driver.cluster;

import io.sparkhpo.executors.data.TestData;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sweep on YARN in cluster mode, as Spark's own YarnClusterSuite tests its YARN support: Hadoop's MiniDFSCluster
 * and MiniYARNCluster (one NodeManager) on 127.0.0.1, started here, and {@code SparkSubmit --master yarn
 * --deploy-mode cluster} with the cluster jar; the config is shipped with {@code --files}, the data set and the study
 * folder are on HDFS, and the tables are read back from HDFS with plain Spark SQL.
 */
class YarnClusterIT {

    @TempDir
    static Path dir;
    static MiniDFSCluster hdfs;
    static MiniYARNCluster yarn;
    static String root;
    static Path confDir;
    static Path sparkHome;
    static Path clusterJar;

    @BeforeAll
    static void start() throws Exception {
        clusterJar = Path.of(System.getProperty("sparkhpo.cluster.jar", "target/sparkhpo-cluster.jar"));
        assertTrue(Files.exists(clusterJar), "the cluster jar must be built first: " + clusterJar);
        hdfs = MiniHdfs.start(dir.resolve("hdfs"));
        root = MiniHdfs.uri(hdfs);

        YarnConfiguration yc = new YarnConfiguration(hdfs.getConfiguration(0));
        yc.set("fs.defaultFS", root);
        yc.set("yarn.resourcemanager.hostname", "127.0.0.1");
        yc.set("yarn.nodemanager.hostname", "127.0.0.1");
        yc.setInt("yarn.nodemanager.resource.memory-mb", 8192);
        yc.setInt("yarn.nodemanager.resource.cpu-vcores", 4);
        yc.setInt("yarn.scheduler.minimum-allocation-mb", 256);
        yc.setInt("yarn.scheduler.maximum-allocation-mb", 4096);
        yc.setBoolean("yarn.nodemanager.pmem-check-enabled", false);
        yc.setBoolean("yarn.nodemanager.vmem-check-enabled", false);
        yc.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "100.0");
        yc.set("yarn.resourcemanager.scheduler.class",
                "org.apache.hadoop.yarn.server.resourcemanager.scheduler.fifo.FifoScheduler");
        yarn = new MiniYARNCluster("sparkhpo", 1, 1, 1);
        yarn.init(yc);
        yarn.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (yarn.getConfig().get(YarnConfiguration.RM_ADDRESS).endsWith(":0") && System.nanoTime() < deadline) {
            Thread.sleep(100); // MiniYARNCluster may return before the RM has published its address
        }
        // MiniDFSCluster maps racks with a test class of Hadoop's that the application's class path does not hold
        yarn.getConfig().set("net.topology.node.switch.mapping.impl", "org.apache.hadoop.net.ScriptBasedMapping");
        confDir = Files.createDirectories(dir.resolve("hadoop-conf"));
        for (String file : List.of("core-site.xml", "hdfs-site.xml", "yarn-site.xml")) {
            try (OutputStream out = new FileOutputStream(confDir.resolve(file).toFile())) {
                yarn.getConfig().writeXml(out);
            }
        }
        sparkHome = dir.resolve("spark-home");
        Path jars = Files.createDirectories(sparkHome.resolve("jars"));
        for (Path p : LocalStandaloneCluster.classpathJars()) {
            Path link = jars.resolve(p.getFileName());
            if (!Files.exists(link) && !p.getFileName().toString().startsWith("hadoop-client-minicluster")) {
                Files.createSymbolicLink(link, p.toAbsolutePath());
            }
        }
        FileSystem fs = hdfs.getFileSystem();
        Path cifar = TestData.writeCifar10(dir.resolve("cifar"), 60, 120, 5);
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(cifar.toUri()), new org.apache.hadoop.fs.Path("/data/cifar"));
    }

    @AfterAll
    static void stop() {
        if (yarn != null) {
            yarn.stop();
        }
        if (hdfs != null) {
            hdfs.shutdown();
        }
    }

    /** Writes a sweep config into the test folder; the study folder and the data are on HDFS. */
    static Path config(String study, int trials, int epochs) throws IOException {
        Path conf = dir.resolve(study + ".conf");
        Files.writeString(conf, "study { name = " + study + ", output = \"" + root + "/runs\" }\n"
                + "data { name = cifar10, path = \"" + root + "/data/cifar\", train_size = 200, test_size = 100 }\n"
                + "model { width = 2 }\n"
                + "training { epochs = " + epochs + ", batch_size = 50, seed = 3 }\n"
                + "search { sampler = random, trials = " + trials + ", parallelism = 2, seed = 11, checkpoint_epochs = 1 }\n"
                + "space { lr { type = float, low = 1e-3, high = 3e-2, log = true } }\n");
        return conf;
    }

    /** {@code SparkSubmit --master yarn --deploy-mode cluster} of a sweep of {@code conf}, shipped with --files. */
    static Process submit(Path conf, int maxAppAttempts, Path log) throws IOException {
        String opens = System.getProperty("sparkhpo.java.opens", "");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(opens.trim().split("\\s+")));
        cmd.addAll(List.of("-Xmx1g", "-cp", confDir + File.pathSeparator + sparkHome.resolve("jars") + File.separator + "*",
                "org.apache.spark.deploy.SparkSubmit", "--master", "yarn", "--deploy-mode", "cluster",
                "--class", "io.sparkhpo.driver.cli.Main", "--files", conf.toString(),
                "--conf", "spark.driver.memory=1g", "--conf", "spark.executor.memory=1g",
                "--conf", "spark.executor.instances=2", "--conf", "spark.executor.cores=1",
                "--conf", "spark.yarn.maxAppAttempts=" + maxAppAttempts, "--conf", "spark.ui.enabled=false",
                "--conf", "spark.driver.extraJavaOptions=" + opens + " -Dorg.bytedeco.javacpp.maxbytes=2g",
                "--conf", "spark.executor.extraJavaOptions=" + opens
                        + " -Dorg.bytedeco.javacpp.maxbytes=2g -Dorg.bytedeco.javacpp.maxphysicalbytes=3g",
                clusterJar.toString(), "sweep", "--config", conf.getFileName().toString()));
        cmd.removeIf(String::isEmpty);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("HADOOP_CONF_DIR", confDir.toString());
        pb.environment().put("YARN_CONF_DIR", confDir.toString());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return pb.start();
    }

    static String finish(Process p, Path log) throws Exception {
        assertTrue(p.waitFor(15, TimeUnit.MINUTES), "spark-submit finished");
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out.length() > 8000 ? out.substring(out.length() - 8000) : out);
        assertTrue(out.contains("final status: SUCCEEDED"), "the application succeeded");
        return out;
    }

    static List<Row> trials(String study) {
        SparkSession spark = SparkSession.builder().master("local[1]").appName("reader").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        try {
            return spark.read().parquet(root + "/runs/" + study + "/trials").collectAsList();
        } finally {
            spark.stop();
        }
    }

    /**
     * A cluster-mode sweep on HDFS whose ApplicationMaster (the driver, in cluster mode) is SIGKILLed mid-sweep: YARN
     * starts attempt 2, which finds the study's journal on HDFS and resumes by itself; the application ends
     * SUCCEEDED, every trial is in the tables once with the parameters the sampler gives it, trained on YARN's
     * executors, and no checkpoint is left.
     */
    @Test
    void aClusterModeSweepOnHdfsSurvivesItsApplicationMastersDeath() throws Exception {
        Path conf = config("amkill", 5, 3);
        Path log = dir.resolve("amkill.log");
        Process submit = submit(conf, 2, log);
        FileSystem fs = hdfs.getFileSystem();
        org.apache.hadoop.fs.Path table = new org.apache.hadoop.fs.Path("/runs/amkill/trials");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
        while (System.nanoTime() < deadline && (!fs.exists(table) || fs.listStatus(table, p -> p.getName().startsWith("part-")).length < 1)) {
            Thread.sleep(200);
        }
        List<ProcessHandle> ams = ProcessHandle.allProcesses().filter(h -> h.info().command().orElse("").endsWith("/java")
                && h.info().commandLine().orElse("").contains("org.apache.spark.deploy.yarn.ApplicationMaster")).toList();
        assertEquals(1, ams.size(), "one ApplicationMaster running when a trial had finished:\n" + Files.readString(log));
        ams.get(0).destroyForcibly(); // SIGKILL: the driver dies mid-sweep, trials in flight are lost
        String out = finish(submit, log);
        assertTrue(out.contains("final status: SUCCEEDED"), out);

        String attempt2 = attemptLog(2);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("sparkhpo: resuming: .*").matcher(attempt2);
        assertTrue(attempt2.contains("resuming it (search.resume = auto") && m.find(), attempt2);
        System.out.println("YarnClusterIT attempt 2: " + m.group());

        List<Row> trials = trials("amkill");
        io.sparkhpo.driver.sweep.PlannedTrials.assertEachOnceAsPlanned(trials, conf, 5);
        assertTrue(trials.stream().allMatch(r -> r.<String>getAs("executor") != null && !"driver".equals(r.getAs("executor"))),
                "the trials ran on YARN executors");
        org.apache.hadoop.fs.Path checkpoints = new org.apache.hadoop.fs.Path("/runs/amkill/checkpoints");
        assertTrue(!fs.exists(checkpoints) || fs.listStatus(checkpoints, p -> p.getName().endsWith(".ckpt")).length == 0,
                "no checkpoint left behind");
    }

    /** The stderr of attempt {@code n}'s ApplicationMaster container, from the NodeManager's log folders. */
    static String attemptLog(int n) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (java.util.stream.Stream<Path> files = Files.walk(yarn.getTestWorkDir().toPath())) {
            for (Path f : files.filter(f -> f.getFileName().toString().equals("stderr")
                    && f.getParent().getFileName().toString().matches("container_.*_0" + n + "_000001")).toList()) {
                sb.append(Files.readString(f));
            }
        }
        return sb.toString();
    }
}
