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
 * Whole sweeps through the CLI with their options: failures and divergence recorded, schedules, clipping, SWA and
 * learning-rate scaling in the tables, and the learning-rate range test.
 */
class SweepOptionsEndToEndTest extends EndToEndSweeps {

    /**
     * A diverging trial, a throwing trial and a trial that runs out of memory are recorded as such, each attempted
     * once; a trial whose first attempt hits an I/O error is retried and completes; the attempts are in the trials
     * table; the sweep finishes the others.
     */
    @Test
    void divergedAndFailedTrialsAreRecorded() throws IOException {
        Path conf = config("faults", "data { name = cifar10, path = \"" + cifar + "\", train_size = 100, test_size = 50 }\n"
                + "model { width = 2 }\n"
                + "training { engine = " + FlakyEngine.NAME + ", epochs = 2, batch_size = 50, seed = 3 }\n"
                + "search { sampler = grid, parallelism = 1 }\n"
                + "space { lr { type = categorical, values = [0.001, 1e12, 0.002, 0.003, 0.004, 0.005] } }\n");
        Run run = cli("sweep", "--config", conf.toString());
        assertEquals(0, run.exit(), run.err());
        Map<Integer, Row> byTrial = table("faults", "trials").collectAsList().stream()
                .collect(Collectors.toMap(r -> r.<Integer>getAs("trial"), r -> r));
        assertEquals(6, byTrial.size());
        assertEquals(io.sparkhpo.executors.train.RunState.COMPLETE.name(), byTrial.get(0).getAs("state"));
        assertEquals("DIVERGED", byTrial.get(1).getAs("state"));
        assertTrue(byTrial.get(1).<String>getAs("error").contains("loss became"));
        assertEquals("FAILED", byTrial.get(2).getAs("state"));
        assertTrue(byTrial.get(2).<String>getAs("error").contains("injected failure for trial 2"));
        assertTrue(byTrial.get(2).isNullAt(byTrial.get(2).fieldIndex("final_test_error")));
        assertEquals(io.sparkhpo.executors.train.RunState.COMPLETE.name(), byTrial.get(3).getAs("state"), "a transient failure is retried");
        assertEquals(4L, table("faults", "epochs").filter("trial = 0 OR trial = 3").count());
        // failures that would repeat run once; the transient one ran twice, the log says where and why
        // out of memory: ND4J's native allocation (trial 4) and the JVM's heap (trial 5)
        assertEquals("FAILED", byTrial.get(4).getAs("state"));
        assertTrue(byTrial.get(4).<String>getAs("error").contains("Allocation failed"), byTrial.get(4).<String>getAs("error"));
        assertEquals("FAILED", byTrial.get(5).getAs("state"));
        assertTrue(byTrial.get(5).<String>getAs("error").contains("OutOfMemoryError"), byTrial.get(5).<String>getAs("error"));
        for (int n : List.of(0, 1, 2, 4, 5)) {
            assertEquals(1, byTrial.get(n).<Integer>getAs("attempts"), "trial " + n + ": " + byTrial.get(n).getAs("attempt_log"));
        }
        assertEquals(2, byTrial.get(3).<Integer>getAs("attempts"));
        String log3 = byTrial.get(3).getAs("attempt_log");
        assertTrue(log3.contains("injected transient I/O error for trial 3") && log3.endsWith("\"result\":\"ok\"}]"), log3);
        assertTrue(byTrial.get(3).<String>getAs("attempt_log").contains("\"executor\":\"driver\""), log3);
    }

    /** Every issue-3 option through a sweep: schedule, clipping, SWA, linear LR scaling, a non-Adam optimizer. */
    @Test
    void schedulesClippingSwaAndScalingReachTheTables() throws IOException {
        Path conf = config("options", "data { name = cifar10, path = \"" + cifar + "\", train_size = 200, test_size = 100 }\n"
                + "model { width = 2 }\n"
                + "training { epochs = 3, batch_size = 50, seed = 3, clip_grad_norm = 1.0, lr_scaling = linear, "
                + "base_batch_size = 100, swa { start_epoch = 1 } }\n"
                + "optimizer { momentum = 0.9, nu1 = 0.7 }\n"
                + "schedule { name = step, step_size = 1, gamma = 0.5 }\n"
                + "search { sampler = grid, parallelism = 2, objective = swa_test_error }\n"
                + "space { optimizer { type = categorical, values = [sgdw, qhadam] }\n"
                + "  lr { type = categorical, values = [0.04] } }\n");
        Run run = cli("sweep", "--config", conf.toString());
        assertEquals(0, run.exit(), run.err());
        reader().read().parquet(dir.resolve("runs/options/trials").toString()).createOrReplaceTempView("o_trials");
        reader().read().parquet(dir.resolve("runs/options/epochs").toString()).createOrReplaceTempView("o_epochs");
        List<Row> rows = reader().sql("SELECT optimizer, optimizer_label, weight_decay_mode, lr, momentum, nu1, schedule, "
                + "clip_grad_norm, lr_scaling, base_batch_size, swa_start_epoch, swa_test_error, objective, state "
                + "FROM o_trials ORDER BY trial").collectAsList();
        assertEquals(2, rows.size());
        Row sgdw = rows.get(0);
        assertEquals("sgd", sgdw.getString(0));
        assertEquals("SGDW", sgdw.getString(1));
        assertEquals("decoupled_lr", sgdw.getString(2));
        assertEquals(0.02, sgdw.getDouble(3), 1e-15, "linear scaling: 0.04 x 50 / 100");
        assertEquals(0.9, sgdw.getDouble(4));
        assertTrue(sgdw.isNullAt(5), "nu1 does not apply to SGD");
        Row qh = rows.get(1);
        assertEquals("QHAdam", qh.getString(1));
        assertEquals(0.7, qh.getDouble(5));
        assertTrue(qh.isNullAt(4), "momentum does not apply to QHAdam");
        for (Row r : rows) {
            assertEquals(io.sparkhpo.executors.train.RunState.COMPLETE.name(), r.getString(13));
            assertEquals("step", r.getString(6));
            assertEquals(1.0, r.getDouble(7));
            assertEquals("linear", r.getString(8));
            assertEquals(100, r.getInt(9));
            assertEquals(1, r.getInt(10));
            assertEquals(r.getDouble(11), r.getDouble(12), 0.0, "the objective is the SWA model's error");
        }
        List<Row> lrs = reader().sql("SELECT epoch, lr, grad_norm_mean, grad_norm_max FROM o_epochs WHERE trial = 0 "
                + "ORDER BY epoch").collectAsList();
        assertEquals(List.of(0.02, 0.01, 0.005), lrs.stream().map(r -> r.getDouble(1)).toList());
        for (Row r : lrs) {
            assertTrue(r.getDouble(2) > 0 && r.getDouble(3) >= r.getDouble(2), "gradient norms are logged");
        }
    }

    @Test
    void lrFindWritesTheCurveAndSuggestsARate() throws IOException {
        Path conf = config("finder", "data { name = cifar10, path = \"" + cifar + "\", train_size = 200, test_size = 50 }\n"
                + "model { width = 2 }\n"
                + "training { epochs = 1, batch_size = 25, seed = 3 }\n"
                + "optimizer { name = adamw }\n"
                + "search { sampler = grid }\n");
        Run run = cli("lr-find", "--config", conf.toString(), "--iterations", "40", "--min-lr", "1e-5", "--max-lr", "100");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("lr-find: AdamW"), run.out());
        Path png = dir.resolve("runs/finder/lr_find.png");
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 8);
        assertEquals("\u0089PNG", new String(head, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1));
        List<Row> curve = table("finder", "lr_find").orderBy("iteration").collectAsList();
        assertTrue(curve.size() >= 10, "points: " + curve.size());
        for (int i = 1; i < curve.size(); i++) {
            assertTrue(curve.get(i).<Double>getAs("lr") > curve.get(i - 1).<Double>getAs("lr"), "the rate grows");
        }
        assertEquals(2, cli("lr-find", "--config", conf.toString()).exit(), "an earlier result needs --overwrite");
    }
}
