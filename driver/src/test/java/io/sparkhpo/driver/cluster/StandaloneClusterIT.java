package io.sparkhpo.driver.cluster;

import io.sparkhpo.executors.data.TestData;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sweeps submitted with SparkSubmit and the cluster jar to a standalone master with two one-core workers on
 * 127.0.0.1 with {@code spark.authenticate}: the refusal without the secret, the tables, the spread over both
 * workers, and a worker SIGKILLed mid-sweep; and a worker with fake GPUs.
 */
class StandaloneClusterIT {

    @TempDir
    static Path dir;
    static Path cifar;
    static Path clusterJar;

    @BeforeAll
    static void data() throws IOException {
        cifar = TestData.writeCifar10(dir.resolve("cifar"), 60, 120, 5);
        clusterJar = Path.of(System.getProperty("sparkhpo.cluster.jar", "target/sparkhpo-cluster.jar"));
        assertTrue(Files.exists(clusterJar), "the cluster jar must be built first (mvn verify runs this after package): " + clusterJar);
    }

    @AfterAll
    static void stopSpark() {
        if (SparkSession.getDefaultSession().isDefined()) {
            SparkSession.getDefaultSession().get().stop();
        }
    }

    static String config(String study, int trials, int epochs, int trainSize) {
        return config(study, trials, epochs, trainSize, "", "");
    }

    /** @param training extra {@code training} settings; @param search extra {@code search} settings */
    static String config(String study, int trials, int epochs, int trainSize, String training, String search) {
        return "study { name = " + study + ", output = \"" + dir.resolve("runs") + "\" }\n"
                + "data { name = cifar10, path = \"" + cifar + "\", train_size = " + trainSize + ", test_size = 100 }\n"
                + "model { width = 4 }\n"
                + "training { epochs = " + epochs + ", batch_size = 50, seed = 3" + training + " }\n"
                + "search { sampler = random, trials = " + trials + ", seed = 11" + search + " }\n"
                + "space { lr { type = float, low = 1e-3, high = 3e-2, log = true } }\n";
    }

    static Map<String, String> conf() {
        Map<String, String> c = new LinkedHashMap<>();
        String opens = System.getProperty("sparkhpo.java.opens", "");
        c.put("spark.executor.extraJavaOptions", opens + " -Dorg.bytedeco.javacpp.maxbytes=2g -Dorg.bytedeco.javacpp.maxphysicalbytes=3g");
        c.put("spark.executor.memory", "1g");
        c.put("spark.executor.cores", "1");
        c.put("spark.task.cpus", "1");
        c.put("spark.driver.host", "127.0.0.1");
        c.put("spark.ui.enabled", "false");
        return c;
    }

    static List<Row> trials(String study) {
        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
        return spark.read().parquet(dir.resolve("runs").resolve(study).resolve("trials").toString()).collectAsList();
    }

    static int await(Process p, Path log, int seconds) throws Exception {
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("spark-submit did not finish in " + seconds + " s:\n" + tail(log));
        }
        return p.exitValue();
    }

    static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /**
     * On a cluster with {@code spark.authenticate} and a shared secret: a submission without the secret is refused
     * (it cannot register with the master; it exits non-zero, says why, and runs nothing), then sweeps submitted with
     * it run on both workers, a best trial is retrained data-parallel, and a worker is lost mid-sweep.
     */
    @Test
    void submittedSweepsRunOnBothWorkersAndSurviveALostWorker() throws Exception {
        Map<String, String> auth = Map.of("spark.authenticate", "true", "spark.authenticate.secret", "s3cret-for-the-test");
        try (LocalStandaloneCluster cluster = LocalStandaloneCluster.start(dir.resolve("cluster"), LocalStandaloneCluster.classpathJars(),
                System.getProperty("sparkhpo.java.opens", ""), 2, 1, "3g", auth)) {
            // 0. without the secret: refused by the master, with the reason and no stack trace, and nothing written
            Path conf = Files.writeString(dir.resolve("cluster.conf"), config("cluster", 4, 2, 200));
            Path refused = dir.resolve("submit-noauth.log");
            int exit0 = await(cluster.submit(clusterJar, conf(), refused, "sweep", "--config", conf.toString()), refused, 240);
            assertEquals(1, exit0, "a submission without the secret must fail:\n" + tail(refused));
            String why = Files.readString(refused);
            assertTrue(why.contains("All masters are unresponsive") && why.contains("sparkhpo: failed: the Spark application was "
                    + "stopped before it could run") && why.contains("spark.authenticate.secret")
                    && !why.contains("stopped SparkContext was created at"), tail(refused));
            assertTrue(!Files.exists(dir.resolve("runs/cluster/trials")) && !Files.exists(dir.resolve("runs/cluster/journal.log")),
                    "and run nothing, nor start a journal: the same command runs once the secret is given");

            // 1. a sweep through spark-submit: every trial in the tables, on both workers
            Map<String, String> secured = conf();
            secured.putAll(auth);
            Path log = dir.resolve("submit.log");
            int exit = await(cluster.submit(clusterJar, secured, log, "sweep", "--config", conf.toString()), log, 300);
            assertEquals(0, exit, tail(log));
            List<Row> rows = trials("cluster");
            assertEquals(4, rows.size(), tail(log));
            Set<String> executors = new HashSet<>();
            for (Row r : rows) {
                assertEquals(io.sparkhpo.executors.train.RunState.COMPLETE.name(), r.getAs("state"));
                executors.add(r.getAs("executor"));
            }
            assertEquals(2, executors.size(), "trials ran on both workers' executors: " + executors);

            // 1b. the best trial retrained data-parallel (dl4j-spark parameter averaging) by the cluster jar: both
            //     workers train (the trial optimizer travels inside DL4J's configuration to the executors)
            Path logR = dir.resolve("submit-retrain.log");
            int exitR = await(cluster.submit(clusterJar, secured, logR, "retrain", "--best", dir.resolve("runs/cluster").toString(),
                    "--epochs", "1", "--averaging-frequency", "1", "--train-size", "200", "--test-size", "100"), logR, 300);
            assertEquals(0, exitR, tail(logR));
            String retrainLog = Files.readString(logR);
            assertTrue(retrainLog.contains("1 epochs on 2 workers"), tail(logR));
            assertTrue(retrainLog.contains("(executor 0)") && retrainLog.contains("(executor 1)"),
                    "tasks ran on both executors:\n" + tail(logR));
            assertTrue(Files.exists(dir.resolve("runs/cluster/retrain/model.zip")), tail(logR));

            // 2. a worker dies (SIGKILL, with its executor) while trials run on it: the sweep completes on the other,
            //    every trial is in the tables exactly once, and the lost trial went on from its last checkpoint
            Path conf2 = Files.writeString(dir.resolve("fault.conf"), config("fault", 3, 8, 300, "", ", checkpoint_epochs = 2"));
            Path log2 = dir.resolve("submit-fault.log");
            Process sweep = cluster.submit(clusterJar, secured, log2, "sweep", "--config", conf2.toString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            // both first trials have trained 3 of their 8 epochs: the checkpoint of epoch 2, written on the executor's
            // writer thread while epoch 3 trained, is complete (a report does not wait for its checkpoint)
            java.util.regex.Pattern second = java.util.regex.Pattern.compile("trial (\\d+) RUNNING on executor \\S+: epoch 3,");
            while (System.nanoTime() < deadline && sweep.isAlive() && (cluster.executors(0).isEmpty()
                    || second.matcher(Files.readString(log2)).results().map(r -> r.group(1)).distinct().count() < 2)) {
                Thread.sleep(200);
            }
            assertTrue(sweep.isAlive() && !cluster.executors(0).isEmpty(), "worker 0 must be running a trial:\n" + tail(log2));
            cluster.killWorker(0);
            int exit2 = await(sweep, log2, 400);
            assertEquals(0, exit2, tail(log2));
            List<Row> rows2 = trials("fault");
            Set<Integer> numbers = new HashSet<>();
            for (Row r : rows2) {
                assertTrue(numbers.add(r.<Integer>getAs("trial")), "trial " + r.getAs("trial") + " twice");
                assertEquals(io.sparkhpo.executors.train.RunState.COMPLETE.name(), r.getAs("state"), "trial " + r.getAs("trial") + ": " + r.getAs("error"));
            }
            assertEquals(Set.of(0, 1, 2), numbers);
            String driverLog = Files.readString(log2);
            assertTrue(driverLog.contains("Lost task") || driverLog.contains("Lost executor") || driverLog.contains("ExecutorLost"),
                    "Spark must have lost the killed worker's task and run it again:\n" + tail(log2));
            assertLostTrialRetriedFromItsCheckpoint(rows2, dir.resolve("cluster/work-1"));
        } finally {
            keepLogs();
        }
    }

    /**
     * The trial that was on the killed worker: its attempt log holds the lost attempt (on the killed executor, with
     * why its runner was lost) and then a successful one on another executor; that attempt continued from the checkpoint (the
     * surviving worker's executor log says so), and every one of its epochs is in the epochs table once.
     */
    static void assertLostTrialRetriedFromItsCheckpoint(List<Row> trials, Path survivorWork) throws IOException {
        List<Row> lost = trials.stream().filter(r -> r.<String>getAs("attempt_log").contains("connection broke")
                || r.<String>getAs("attempt_log").contains("executor was removed")).toList();
        assertEquals(1, lost.size(), "one trial lost its task with the worker: "
                + trials.stream().map(r -> r.<String>getAs("attempt_log")).toList());
        Row t = lost.get(0);
        int n = t.getAs("trial");
        String log = t.getAs("attempt_log");
        assertTrue(t.<Integer>getAs("attempts") >= 2 && log.endsWith("\"result\":\"ok\"}]"), log);
        String executorLogs;
        try (var files = Files.walk(survivorWork)) {
            StringBuilder sb = new StringBuilder();
            for (Path f : files.filter(f -> f.getFileName().toString().equals("stderr")).toList()) {
                sb.append(Files.readString(f));
            }
            executorLogs = sb.toString();
        }
        assertTrue(java.util.regex.Pattern.compile("fault#" + n + " .*: continuing at epoch [3-7]/8 from its checkpoint")
                .matcher(executorLogs).find(), "trial " + n + " went on from a checkpoint on the other worker");
        SparkSession spark = SparkSession.builder().master("local[1]").getOrCreate();
        List<Row> epochs = spark.read().parquet(dir.resolve("runs/fault/epochs").toString()).filter("trial = " + n)
                .orderBy("epoch").collectAsList();
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), epochs.stream().map(r -> r.<Integer>getAs("epoch")).toList());
    }

    /**
     * GPU scheduling on a CPU-only machine: one worker with two cores and two fake GPUs (a discovery script that
     * reports addresses 0 and 1), one GPU per task, and the CPU-only build of DL4J.
     * <ol>
     * <li>{@code doctor} reports each slot's GPU, the CPU-only library, and the mismatch with its fix (exit 1);</li>
     * <li>a sweep fails fast: the trials in flight end FAILED at once with that reason, attempted once, no further
     * trial is asked, exit 1;</li>
     * <li>with {@code training.device = cpu} the sweep runs, its default parallelism is the two GPU slots, each trial
     * records the GPU it was given, and the two that run side by side get different GPUs (doctor's warning that the
     * GPUs then stay idle is {@code DoctorTest}'s); its dashboard ({@code sweep --dashboard}) shows the running
     * trials' GPUs while they run.</li>
     * </ol>
     */
    @Test
    void gpusTheEngineCannotUseFailFastUnlessTrainingOnTheCpuOnPurpose() throws Exception {
        Path script = dir.resolve("fake-gpus.sh");
        Files.writeString(script, "#!/bin/sh\necho '{\"name\": \"gpu\", \"addresses\": [\"0\", \"1\"]}'\n");
        script.toFile().setExecutable(true);
        Map<String, String> worker = Map.of("spark.worker.resource.gpu.amount", "2",
                "spark.worker.resource.gpu.discoveryScript", script.toString());
        try (LocalStandaloneCluster cluster = LocalStandaloneCluster.start(dir.resolve("gpu-cluster"), LocalStandaloneCluster.classpathJars(),
                System.getProperty("sparkhpo.java.opens", ""), 1, 2, "4g", worker)) {
            Map<String, String> conf = conf();
            conf.put("spark.executor.cores", "2");
            conf.put("spark.executor.memory", "2g");
            conf.put("spark.executor.resource.gpu.amount", "2");
            conf.put("spark.executor.resource.gpu.discoveryScript", script.toString());
            conf.put("spark.task.resource.gpu.amount", "1");

            Path auto = Files.writeString(dir.resolve("gpu-auto.conf"), config("gpu-auto", 6, 2, 200));
            Path doctorLog = dir.resolve("submit-doctor.log");
            int doctorExit = await(cluster.submit(clusterJar, conf, doctorLog, "doctor", "--config", auto.toString(), "--steps", "3"),
                    doctorLog, 240);
            String doctor = Files.readString(doctorLog);
            assertEquals(1, doctorExit, tail(doctorLog));
            List<String> rows = doctor.lines().filter(l -> l.matches("\\s+\\d+\\s+0\\s.*")).toList();
            assertEquals(2, rows.size(), "one row per GPU slot on executor 0:\n" + tail(doctorLog));
            assertTrue(rows.stream().allMatch(r -> r.contains("nd4j-native") && r.endsWith("FAIL")), String.join("\n", rows));
            assertEquals(Set.of("0", "1"), new HashSet<>(rows.stream().map(r -> r.trim().split("\\s+")[5]).toList()), doctor);
            assertTrue(doctor.contains("cannot use a GPU") && doctor.contains("-Pcuda") && doctor.contains("training.device = cpu"),
                    tail(doctorLog));

            Path log = dir.resolve("submit-gpu-auto.log");
            int exit = await(cluster.submit(clusterJar, conf, log, "sweep", "--config", auto.toString()), log, 300);
            String sweep = Files.readString(log);
            assertEquals(1, exit, tail(log));
            assertTrue(sweep.contains("sparkhpo: stopping the sweep: trial") && sweep.contains("cannot use a GPU"), tail(log));
            List<Row> failed = trials("gpu-auto");
            assertTrue(!failed.isEmpty() && failed.size() <= 2, "only the trials in flight ran: " + failed.size());
            for (Row r : failed) {
                assertEquals("FAILED", r.getAs("state"));
                assertTrue(r.<String>getAs("error").contains("cannot use a GPU"), r.<String>getAs("error"));
                assertEquals(1, r.<Integer>getAs("attempts"), "a device mismatch is not retried: " + r.getAs("attempt_log"));
            }

            Path cpu = Files.writeString(dir.resolve("gpu.conf"), config("gpu", 2, 4, 300, ", device = cpu", ""));
            Path cpuLog = dir.resolve("submit-gpu.log");
            conf.put("spark.executor.heartbeatInterval", "1s");
            Process submitted = cluster.submit(clusterJar, conf, cpuLog, "sweep", "--config", cpu.toString(), "--dashboard", "0");
            Set<String> shown = RunningGpus.watch(submitted, cpuLog);
            int cpuExit = await(submitted, cpuLog, 300);
            assertEquals(0, cpuExit, tail(cpuLog));
            assertTrue(!shown.isEmpty() && Set.of("0", "1").containsAll(shown),
                    "the sweep's dashboard showed its running trials' GPUs: " + shown + "\n" + tail(cpuLog));
            assertTrue(Files.readString(cpuLog).contains("2 at a time"), "parallelism = GPU slots:\n" + tail(cpuLog));
            Set<String> gpus = new HashSet<>();
            for (Row r : trials("gpu")) {
                assertEquals(io.sparkhpo.executors.train.RunState.COMPLETE.name(), r.getAs("state"));
                assertTrue(r.getAs("gpu") != null, "trial " + r.getAs("trial") + " records its GPU");
                gpus.add(r.getAs("gpu"));
            }
            assertEquals(Set.of("0", "1"), gpus, "the two trials that ran together had different GPUs");
        } finally {
            keepLogs();
        }
    }

    /**
     * A user's objective from its own jar (the example project), given to spark-submit as {@code spark.jars}
     * (what {@code --jars} sets): the driver checks the class, the executors load it, and the trials run on both
     * workers through the runner tasks.
     */
    @Test
    void aUserObjectiveFromItsJarRunsOnBothWorkers() throws Exception {
        Path jar = Path.of(System.getProperty("sparkhpo.example.jar", "../examples/custom-objective/target/custom-objective.jar"))
                .toAbsolutePath().normalize();
        assertTrue(Files.exists(jar), "the example must be built first: " + jar);
        Path conf = Files.writeString(dir.resolve("objective.conf"), "study { name = objective, output = \""
                + dir.resolve("runs") + "\" }\n"
                + "objective { class = com.example.objective.TabularMlp,\n"
                + "  params { epochs = 3, batch_size = 64, weight_decay = 1e-4, data = \"" + dir.resolve("tabular.csv") + "\" } }\n"
                + "search { sampler = tpe, trials = 6, seed = 4 }\n"
                + "space { lr { type = float, low = 1e-3, high = 0.05, log = true },\n"
                + "  hidden { type = int, low = 8, high = 32 } }\n");
        try (LocalStandaloneCluster cluster = LocalStandaloneCluster.start(dir.resolve("cluster-objective"),
                LocalStandaloneCluster.classpathJars(), System.getProperty("sparkhpo.java.opens", ""), 2, 1, "3g", Map.of())) {
            Map<String, String> c = conf();
            c.put("spark.jars", jar.toString());
            Path log = dir.resolve("submit-objective.log");
            int exit = await(cluster.submit(clusterJar, c, log, "sweep", "--config", conf.toString()), log, 300);
            assertEquals(0, exit, tail(log));
            List<Row> rows = trials("objective");
            assertEquals(6, rows.size(), tail(log));
            Set<String> executors = new HashSet<>();
            for (Row r : rows) {
                assertEquals(io.sparkhpo.executors.train.RunState.COMPLETE.name(), r.getAs("state"), String.valueOf((Object) r.getAs("error")));
                assertTrue((Double) r.getAs("objective") < 0.5, "the network learned");
                executors.add(r.getAs("executor"));
            }
            assertEquals(2, executors.size(), "trials ran on both workers' executors: " + executors);
        } finally {
            keepLogs();
        }
    }

    /** The cluster's and the submissions' logs, kept under target/it-logs for a failed run's post-mortem. */
    static void keepLogs() throws IOException {
        Path keep = Files.createDirectories(Path.of("target", "it-logs"));
        try (var files = Files.walk(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".log") || f.getFileName().toString().equals("stderr")).toList()) {
                Files.copy(f, keep.resolve(dir.relativize(f).toString().replace('/', '_')), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
