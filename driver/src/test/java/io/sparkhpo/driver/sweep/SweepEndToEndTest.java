package io.sparkhpo.driver.sweep;

import io.sparkhpo.driver.config.SweepConfigLoader;
import io.sparkhpo.executors.data.TestData;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole sweeps through the CLI on embedded Spark, tables read back with plain Spark SQL (none of this project's
 * code): generated CIFAR-10-format files, and a subset of the real Fashion-MNIST from Debian's package.
 */
class SweepEndToEndTest extends EndToEndSweeps {

    @Test
    void cifarFormatSweepWritesEveryTrialAndEpoch() throws IOException {
        Path conf = config("cifar", cifarConfig(3, 2));
        Run run = cli("sweep", "--config", conf.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("rank  trial  state"), run.out());
        assertTrue(run.out().contains(dir.resolve("runs/cifar/trials").toString()), run.out());
        assertTrue(run.err().contains("[3/3]"), "progress on stderr");

        reader().read().parquet(dir.resolve("runs/cifar/trials").toString()).createOrReplaceTempView("trials");
        reader().read().parquet(dir.resolve("runs/cifar/epochs").toString()).createOrReplaceTempView("epochs");
        StructType schema = reader().table("trials").schema();
        assertEquals(DataTypes.IntegerType, schema.apply("trial").dataType());
        assertEquals(DataTypes.DoubleType, schema.apply("lr").dataType());
        assertEquals(DataTypes.TimestampType, schema.apply("finished_at").dataType());
        List<Row> trials = reader().sql("SELECT trial, state, optimizer_label, weight_decay_mode, lr, weight_decay, seed, "
                + "epochs_run, executor, code_version, final_test_error, parameters FROM trials ORDER BY trial").collectAsList();
        assertEquals(3, trials.size());
        for (Row r : trials) {
            assertEquals(io.sparkhpo.executors.train.RunState.COMPLETE.name(), r.getString(1));
            assertEquals(r.getString(2).equals("Adam") ? "l2" : "decoupled_lr", r.getString(3));
            assertTrue(r.getDouble(4) >= 1e-3 && r.getDouble(4) <= 3e-2, "lr " + r.getDouble(4));
            assertTrue(r.getDouble(5) >= 1e-5 && r.getDouble(5) <= 1e-2);
            assertEquals(3L, r.getLong(6));
            assertEquals(2, r.getInt(7));
            assertEquals("driver", r.getString(8));
            assertFalse(r.getString(9).isBlank());
            assertEquals(io.sparkhpo.executors.model.Architectures.resnet18(2, new io.sparkhpo.executors.model.Network.Shape(3, 32, 32), 10).parameters(), r.getLong(11));
        }
        assertEquals(List.of(0, 1, 2), trials.stream().map(r -> r.getInt(0)).toList());
        assertEquals(6L, reader().sql("SELECT * FROM epochs").count());
        // the trial's final test error is its last epoch's
        assertEquals(0L, reader().sql("SELECT t.trial FROM trials t JOIN epochs e ON t.trial = e.trial AND e.epoch = 1 "
                + "WHERE abs(t.final_test_error - e.test_error) > 1e-12").count());
        // the sampled parameters are the ones the config and seed determine
        List<Map<String, Object>> plan = SweepRunner.plan(SweepConfigLoader.load(conf), 3);
        for (Row r : trials) {
            Map<String, Object> p = plan.get(r.getInt(0));
            assertEquals(p.get("optimizer").equals("adamw") ? "AdamW" : "Adam", r.getString(2));
            assertEquals((Double) p.get("lr"), r.getDouble(4), 0.0);
            assertEquals((Double) p.get("weight_decay"), r.getDouble(5), 0.0);
        }
        assertTrue(Files.exists(dir.resolve("runs/cifar/sweep.conf")));
    }

    /** Parallelism changes the schedule, not the trials: the same config gives the same parameters at 1 and 2. */
    @Test
    void parallelismDoesNotChangeTheTrials() throws IOException {
        Path one = config("par1", cifarConfig(3, 1));
        Path two = config("par2", cifarConfig(3, 2));
        assertEquals(0, cli("sweep", "--config", one.toString()).exit());
        assertEquals(0, cli("sweep", "--config", two.toString()).exit());
        String cols = "trial, optimizer, weight_decay_mode, lr, weight_decay";
        Set<String> a = rows(table("par1", "trials").selectExpr(cols.split(", ")));
        Set<String> b = rows(table("par2", "trials").selectExpr(cols.split(", ")));
        assertEquals(a, b);
        assertEquals(3, a.size());
    }

    /** One real-data sweep: Fashion-MNIST from Debian's dataset-fashion-mnist, Adam+L2 vs AdamW, learns. */
    @Test
    void realFashionMnistSubset() throws IOException {
        Path conf = config("fmnist", """
                data { name = fashion-mnist, train_size = 600, test_size = 300 }
                model { width = 4 }
                training { epochs = 2, batch_size = 50, seed = 1 }
                optimizer { lr = 0.005, weight_decay = 1e-4 }
                search { sampler = grid, parallelism = 2 }
                space { optimizer { type = categorical, values = [adam, adamw] } }
                """);
        Run run = cli("sweep", "--config", conf.toString());
        assertEquals(0, run.exit(), run.err());
        List<Row> rows = table("fmnist", "trials").orderBy("trial").collectAsList();
        assertEquals(2, rows.size());
        for (Row r : rows) {
            assertEquals(io.sparkhpo.executors.train.RunState.COMPLETE.name(), r.getAs("state"));
            assertEquals("fashion-mnist", r.getAs("dataset"));
            assertEquals(600, (int) r.getAs("train_size"));
            double err = r.getAs("final_test_error");
            // chance is 0.9; with 300 test images its standard deviation is ~0.017, so 0.75 is > 8 sigma better
            assertTrue(err < 0.75, "a ResNet on 600 Fashion-MNIST images should beat chance (0.9) clearly, got " + err);
        }
        assertEquals(Set.of("adam|Adam|l2", "adam|AdamW|decoupled_lr"), rows.stream()
                .map(r -> r.getAs("optimizer") + "|" + r.getAs("optimizer_label") + "|" + r.getAs("weight_decay_mode"))
                .collect(Collectors.toSet()));
    }

    /**
     * {@code retrain --best}: the best trial of a sweep trained again data-parallel (DL4J Spark parameter averaging
     * over 2 workers) on twice the sweep's training data; it learns, writes a row per epoch and a model with its
     * updater state; {@code --resume} continues with the next epoch only; a second retrain is refused unless asked.
     */
    @Test
    void retrainBestDataParallel() throws Exception {
        Path conf = config("retrain", """
                data { name = fashion-mnist, train_size = 600, test_size = 300 }
                model { width = 4 }
                training { epochs = 1, batch_size = 50, seed = 1 }
                optimizer { name = adam, weight_decay = 1e-4 }
                search { sampler = grid, parallelism = 2 }
                space { lr { type = float, low = 1e-5, high = 0.005, log = true, points = 2 } }
                """);
        assertEquals(0, cli("sweep", "--config", conf.toString()).exit());
        List<Row> trials = table("retrain", "trials").orderBy("objective").collectAsList();
        int best = trials.get(0).getAs("trial");
        assertEquals(0.005, (Double) trials.get(0).getAs("lr"), 1e-12, "lr 0.005 learns in one epoch, 1e-5 does not");
        String study = dir.resolve("runs/retrain").toString();
        String[] args = {"retrain", "--best", study, "--workers", "2", "--averaging-frequency", "2", "--train-size", "1200",
                "--test-size", "300"};
        Run run = cli(concat(args, "--epochs", "2"));
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("retrained trial " + best + " for 2 epochs"), run.out());
        assertTrue(run.err().contains("1200 training and 300 test images, 2 epochs on 2 workers, parameters averaged every 2 "
                + "steps (12 steps per epoch)"), run.err());
        List<Row> epochs = table("retrain", "retrain/epochs").orderBy("epoch").collectAsList();
        assertEquals(List.of(1, 2), epochs.stream().map(r -> r.<Integer>getAs("epoch")).toList());
        for (Row r : epochs) {
            assertEquals(best, (int) r.getAs("trial"));
            assertEquals(2, (int) r.getAs("workers"));
            assertTrue(Double.isFinite(r.getAs("train_loss")), r.toString());
        }
        assertTrue(epochs.get(1).<Double>getAs("train_loss") < epochs.get(0).<Double>getAs("train_loss"), epochs.toString());
        // chance is 0.9; 0.75 is > 8 standard deviations better on 300 test images
        assertTrue(epochs.get(1).<Double>getAs("test_error") < 0.75, epochs.toString());
        org.deeplearning4j.nn.graph.ComputationGraph model = org.deeplearning4j.util.ModelSerializer
                .restoreComputationGraph(new java.io.File(study, "retrain/model.zip"), true);
        long trainable = io.sparkhpo.executors.model.Architectures.resnet18(4, new io.sparkhpo.executors.model.Network.Shape(1, 32, 32), 10).parameters();
        assertEquals(2 * trainable, model.getUpdater().getStateViewArray().length(), "Adam's two moments per parameter");
        assertEquals(2, model.getConfiguration().getEpochCount());

        Run again = cli(concat(args, "--epochs", "3"));
        assertEquals(2, again.exit());
        assertTrue(again.err().contains("--resume"), again.err());
        Run resumed = cli(concat(args, "--epochs", "3", "--resume"));
        assertEquals(0, resumed.exit(), resumed.err());
        assertTrue(resumed.err().contains("resuming after epoch 2 of 3"), resumed.err());
        List<Row> all = table("retrain", "retrain/epochs").orderBy("epoch").collectAsList();
        assertEquals(List.of(1, 2, 3), all.stream().map(r -> r.<Integer>getAs("epoch")).toList());
        assertTrue(all.get(2).<Double>getAs("train_loss") < all.get(0).<Double>getAs("train_loss"),
                "epoch 3 continues from the trained weights, not from scratch: " + all);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }




    /**
     * The driver JVM is SIGKILLed mid-sweep and the sweep, started again with the same command, resumes by itself
     * ({@code search.resume = auto}; {@code never} refuses instead): the finished trials are kept, the
     * interrupted ones run again, the rest are asked as the first run would have, and every trial and epoch is in the
     * tables exactly once.
     */
    @Test
    void killedDriverIsResumedWithEveryTrialOnce() throws Exception {
        Path conf = config("resume", cifarConfig(6, 2).replace("epochs = 2", "epochs = 3")
                .replace("seed = 11 }", "seed = 11, checkpoint_epochs = 1 }")); // interrupted trials continue from checkpoints
        Path trialsDir = dir.resolve("runs/resume/trials");
        Path log = dir.resolve("killed-driver.log");
        Process driver = DriverJvm.sweep(conf, log);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(180);
        Path checkpoints = dir.resolve("runs/resume/checkpoints");
        while (driver.isAlive() && System.nanoTime() < deadline && (parts(trialsDir) < 2 || inFlight(checkpoints, trialsDir) == 0)) {
            Thread.sleep(100);
        }
        assertTrue(driver.isAlive(), "the driver must still be running when killed:\n" + Files.readString(log));
        driver.destroyForcibly(); // SIGKILL: no shutdown hook, trials in flight are lost
        driver.waitFor();
        int before = parts(trialsDir);
        assertTrue(before >= 2 && before < 6, before + " trials finished before the kill");

        Path never = dir.resolve("resume-never.conf");
        Files.writeString(never, Files.readString(conf) + "search.resume = never\n");
        Run again = cli("sweep", "--config", never.toString());
        assertEquals(2, again.exit(), "with search.resume = never the folder's tables are not mixed with: " + again.err());
        assertTrue(again.err().contains("--resume"), again.err());

        Run run = cli("sweep", "--config", conf.toString()); // search.resume = auto, the default: no --resume typed
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.err().contains("resuming it (search.resume = auto"), run.err());
        assertTrue(run.err().contains("sparkhpo: resuming: "), run.err());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\((\\d+) continue from their checkpoints").matcher(run.err());
        assertTrue(m.find() && Integer.parseInt(m.group(1)) >= 1, "an interrupted trial continues from its checkpoint: " + run.err());
        assertEquals(0, checkpoints(checkpoints), "no checkpoint left behind");
        PlannedTrials.assertEachOnceAsPlanned(table("resume", "trials").collectAsList(), conf, 6);
        assertEquals(6 * 3, table("resume", "epochs").select("trial", "epoch").distinct().count());
        assertEquals(6 * 3, table("resume", "epochs").count(), "no epoch row twice");
        assertTrue(run.out().lines().filter(l -> l.contains(io.sparkhpo.executors.train.RunState.COMPLETE.name())).count() == 6, "the ranked table has all 6 trials:\n" + run.out());
    }

    /** Checkpoints of trials without a row yet: trials in flight that saved one. */
    private static int inFlight(Path checkpoints, Path trialsDir) throws IOException {
        if (!Files.isDirectory(checkpoints) || !Files.isDirectory(trialsDir)) {
            return 0;
        }
        java.util.Set<String> done;
        try (var files = Files.list(trialsDir)) { // a trial's part: part-NNNNN.parquet
            done = files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("part-") && n.endsWith(".parquet"))
                    .map(n -> n.substring(5, n.length() - 8)).collect(java.util.stream.Collectors.toSet());
        }
        try (var files = Files.list(checkpoints)) { // a trial's checkpoint: trial-NNNNN.ckpt
            return (int) files.map(f -> f.getFileName().toString()).filter(n -> n.matches("trial-\\d+\\.ckpt"))
                    .filter(n -> !done.contains(n.substring(6, n.length() - 5))).count();
        }
    }

    private static int checkpoints(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (var files = Files.list(folder)) {
            return (int) files.filter(f -> f.getFileName().toString().endsWith(".ckpt")).count();
        }
    }

    private static int parts(Path tableDir) throws IOException {
        if (!Files.isDirectory(tableDir)) {
            return 0;
        }
        try (var files = Files.list(tableDir)) {
            return (int) files.filter(f -> f.getFileName().toString().startsWith("part-")).count();
        }
    }

    /**
     * ASHA between epochs: the same 8 trials (Adam, a log grid of learning rates, real Fashion-MNIST) with and
     * without pruning. Pruning trains fewer epochs, stops some trials as PRUNED, and keeps the unpruned sweep's best
     * trial with the same result (segments through checkpoints train exactly what one run trains). On the libtorch
     * engine, which trains these small nets about 5 times faster than DL4J on a CPU (the pruner does not care).
     */
    @Test
    void ashaPrunesAndKeepsTheBestTrial() throws IOException {
        String body = """
                data { name = fashion-mnist, train_size = 600, test_size = 300 }
                model { width = 4 }
                training { engine = djl, epochs = 4, batch_size = 50, seed = 1 }
                optimizer { name = adam }
                search { sampler = grid, parallelism = 2 PRUNER }
                space { lr { type = float, low = 1e-4, high = 0.3, log = true, points = 8 } }
                """;
        Run full = cli("sweep", "--config", config("asha-full", body.replace("PRUNER", "")).toString());
        assertEquals(0, full.exit(), full.err());
        Run pruned = cli("sweep", "--config", config("asha", body.replace("PRUNER",
                ", pruner { name = asha, min_resource = 1, reduction_factor = 2 }")).toString());
        assertEquals(0, pruned.exit(), pruned.err());
        List<Row> all = table("asha-full", "trials").collectAsList();
        List<Row> some = table("asha", "trials").collectAsList();
        assertEquals(8, some.size());
        long epochs = some.stream().mapToLong(r -> r.<Integer>getAs("epochs_run")).sum();
        long prunedCount = some.stream().filter(r -> "PRUNED".equals(r.getAs("state"))).count();
        assertTrue(prunedCount > 0 && epochs < 8 * 4, prunedCount + " pruned, " + epochs + " epochs of 32");
        Row best = all.stream().min(java.util.Comparator.comparingDouble(r -> r.<Double>getAs("objective"))).orElseThrow();
        Row same = some.stream().filter(r -> r.<Integer>getAs("trial").equals(best.<Integer>getAs("trial"))).findFirst().orElseThrow();
        assertEquals(io.sparkhpo.executors.train.RunState.COMPLETE.name(), same.getAs("state"), "the best trial must not be pruned");
        assertEquals(best.<Double>getAs("objective"), same.<Double>getAs("objective"), 1e-9);
        Row bestPruned = some.stream().filter(r -> r.getAs("objective") != null)
                .min(java.util.Comparator.comparingDouble(r -> r.<Double>getAs("objective"))).orElseThrow();
        assertEquals(best.<Integer>getAs("trial"), bestPruned.<Integer>getAs("trial"), "the pruned sweep finds the same best trial");
        assertEquals(epochs, table("asha", "epochs").count(), "an epoch row for every epoch trained");
        assertTrue(pruned.err().contains("RUNNING on executor"), "a live line per segment");
        assertFalse(Files.exists(dir.resolve("runs/asha/checkpoints/trial-00000.ckpt")), "checkpoints are removed when a trial ends");
        System.err.printf("ASHA figures: %d of 8 trials pruned, %d of %d epochs trained, best trial %d (objective %.4f) kept%n",
                prunedCount, epochs, 8 * 4, best.<Integer>getAs("trial"), best.<Double>getAs("objective"));
    }

    /** The libtorch engine through the same sweep: same tables, with engine = djl. */
    @Test
    void djlEngineSweep() throws IOException {
        Path conf = config("djl", cifarConfig(2, 2).replace("training { epochs = 2", "training { engine = djl, epochs = 2"));
        Run run = cli("sweep", "--config", conf.toString());
        assertEquals(0, run.exit(), run.err());
        List<Row> rows = table("djl", "trials").orderBy("trial").collectAsList();
        assertEquals(2, rows.size());
        for (Row r : rows) {
            assertEquals("djl", r.getAs("engine"));
            assertEquals(io.sparkhpo.executors.train.RunState.COMPLETE.name(), r.getAs("state"));
            assertTrue(r.<Double>getAs("final_test_error") < 0.9, "learns");
            assertEquals(io.sparkhpo.executors.model.Architectures.resnet18(2, new io.sparkhpo.executors.model.Network.Shape(3, 32, 32), 10).parameters(), (long) r.<Long>getAs("parameters"));
        }
        assertEquals(4L, table("djl", "epochs").count());
    }

    @Test
    void existingTablesAreNotOverwrittenUnlessAsked() throws IOException {
        Path conf = config("again", cifarConfig(1, 1).replace("epochs = 2", "epochs = 1"));
        assertEquals(0, cli("sweep", "--config", conf.toString()).exit());
        Run second = cli("sweep", "--config", conf.toString()); // search.resume = auto: it resumes, nothing to redo
        assertEquals(0, second.exit(), second.err());
        assertTrue(second.err().contains("resuming it (search.resume = auto") && second.err().contains("1 trial(s) finished before"),
                second.err());
        assertEquals(1L, table("again", "trials").count(), "the finished trial is kept, not run again");
        Path never = dir.resolve("again-never.conf");
        Files.writeString(never, Files.readString(conf) + "search.resume = never\n");
        Run refused = cli("sweep", "--config", never.toString());
        assertEquals(2, refused.exit());
        assertTrue(refused.err().contains("--overwrite"), refused.err());
        Path other = dir.resolve("again-other.conf");
        Files.writeString(other, Files.readString(conf).replace("seed = 11", "seed = 12"));
        Run different = cli("sweep", "--config", other.toString());
        assertEquals(2, different.exit(), "another config never resumes this study: " + different.err());
        assertTrue(different.err().contains("differs from the configuration"), different.err());
        Path stale = Files.createDirectories(dir.resolve("runs/again/checkpoints")).resolve("trial-00000.ckpt");
        Files.writeString(stale, "a checkpoint an earlier sweep left"); // a new sweep must not continue from it
        assertEquals(0, cli("sweep", "--config", conf.toString(), "--overwrite").exit());
        assertEquals(1L, table("again", "trials").count());
        assertFalse(Files.exists(stale), "--overwrite removes the earlier sweep's checkpoints");
    }

    private static Set<String> rows(Dataset<Row> df) {
        return df.collectAsList().stream().map(Row::toString).collect(Collectors.toCollection(TreeSet::new));
    }
}
