package io.sparkhpo.driver.sweep;

import io.sparkhpo.driver.cli.CliRun;
import io.sparkhpo.executors.data.TestData;
import io.sparkhpo.search.json.Json;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PBT sweeps through the CLI on CIFAR-10-format files: what the tables hold (each member's epochs once, with the
 * parameters in force; each exploit with the values before and after), and a driver SIGKILLed mid-PBT that resumes
 * to the same decisions and members as an uninterrupted run with the same seeds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PbtSweepTest {

    static final int POPULATION = 4;
    static final int EPOCHS = 4;

    @TempDir
    static Path dir;
    Path cifar;

    @BeforeAll
    void data() throws IOException {
        cifar = TestData.writeCifar10(dir.resolve("cifar"), 60, 120, 5);
    }

    @AfterAll
    void stopSpark() {
        SparkSession.getDefaultSession().foreach(s -> {
            s.stop();
            return null;
        });
    }

    Path config(String name, boolean synchronous) throws IOException {
        return config(name, synchronous, "perturb");
    }

    Path config(String name, boolean synchronous, String explore) throws IOException {
        return Files.writeString(dir.resolve(name + ".conf"), "study { name = " + name + ", output = \"" + dir.resolve("runs") + "\" }\n"
                + "spark { ui.enabled = false }\n"
                + "data { name = cifar10, path = \"" + cifar + "\", train_size = 100, test_size = 50 }\n"
                + "model { width = 2 }\n"
                + "training { engine = djl, epochs = " + EPOCHS + ", batch_size = 50, seed = 3 }\n"
                + "optimizer { name = adamw }\n"
                + "search { sampler = random, seed = 5, parallelism = 1, strategy = pbt, pbt { population = " + POPULATION
                + ", perturbation_interval = 1, quantile_fraction = 0.5, mutations = [lr, weight_decay], synchronous = "
                + synchronous + ", explore = " + explore + " } }\n"
                + "space { lr { type = float, low = 1e-3, high = 1e-1, log = true }, "
                + "weight_decay { type = float, low = 1e-4, high = 1e-2, log = true } }\n");
    }

    static List<Row> table(String study, String table) {
        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
        return spark.read().parquet(dir.resolve("runs").resolve(study).resolve(table).toString()).collectAsList();
    }

    /** Each member's mutated parameters in force, by epoch, from the epochs table's {@code params} column. */
    static Map<Integer, Map<Integer, Map<String, Object>>> inForce(String study) {
        Map<Integer, Map<Integer, Map<String, Object>>> out = new TreeMap<>();
        for (Row r : table(study, "epochs")) {
            out.computeIfAbsent(r.<Integer>getAs("trial"), k -> new TreeMap<>()).put(r.getAs("epoch"), Json.read(r.getAs("params")));
        }
        return out;
    }

    @Test
    void eachMembersEpochsAreRecordedOnceWithTheParametersInForceAndEveryExploitWithItsValues() throws IOException {
        // asynchronous, exploring with PB2
        CliRun run = CliRun.of("sweep", "--config", config("pbt", false, "pb2").toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.err().contains("PB2: a GP bandit"), run.err());
        List<Row> trials = table("pbt", "trials");
        assertEquals(POPULATION, trials.size());
        trials.forEach(t -> assertEquals(io.sparkhpo.executors.train.RunState.COMPLETE.name(), t.getAs("state")));
        List<Row> epochs = table("pbt", "epochs");
        assertEquals(POPULATION * EPOCHS, epochs.size());
        assertEquals(POPULATION * EPOCHS, epochs.stream().map(r -> r.getAs("trial") + "/" + r.getAs("epoch")).distinct().count());
        for (Row e : epochs) { // a constant schedule: the lr column is the member's lr in force
            double lr = ((Number) Json.read(e.getAs("params")).get("lr")).doubleValue();
            assertEquals(lr, e.<Double>getAs("lr"), 1e-12 * lr, "trial " + e.getAs("trial") + " epoch " + e.getAs("epoch"));
        }
        Map<Integer, Map<Integer, Map<String, Object>>> params = inForce("pbt");
        List<Row> exploits = table("pbt", "pbt");
        assertFalse(exploits.isEmpty(), "with half the members in the bottom quantile, some exploit:\n" + run.err());
        for (Row x : exploits) {
            int target = x.getAs("target");
            int epoch = x.getAs("epoch");
            assertTrue(x.<Double>getAs("source_error") <= x.<Double>getAs("target_error"), "a better member is copied");
            assertEquals(Json.read(x.getAs("before")), params.get(target).get(epoch - 1), "before: in force up to the boundary");
            assertEquals(Json.read(x.getAs("after")), params.get(target).get(epoch), "after: in force from the boundary");
            assertTrue(run.err().contains("epoch " + epoch + ": member " + target + " "), run.err());
        }
        try (var files = Files.list(dir.resolve("runs/pbt/checkpoints"))) {
            assertEquals(0, files.count(), "no checkpoint left");
        }
        Map<String, Object> schedule = Json.read(Files.readString(dir.resolve("runs/pbt/pbt_schedule.json")));
        double best = trials.stream().mapToDouble(t -> t.<Double>getAs("final_test_error")).min().orElseThrow();
        int member = ((Number) schedule.get("member")).intValue();
        assertEquals(best, trials.stream().filter(t -> t.<Integer>getAs("trial") == member).findFirst().orElseThrow()
                .<Double>getAs("final_test_error"), "the schedule is a best member's (ties: the lowest number)");
        assertEquals(EPOCHS, ((List<?>) schedule.get("segments")).size());
        assertTrue(Files.exists(dir.resolve("runs/pbt/analysis/pbt.png")), "the report's PBT plots");
        // retrain --best replays the best member's schedule: each retrained epoch under the parameters in force then
        CliRun retrain = CliRun.of("retrain", dir.resolve("runs/pbt").toString(), "--best", "--workers", "1",
                "--train-size", "100", "--test-size", "50");
        assertEquals(0, retrain.exit(), retrain.err());
        assertTrue(retrain.err().contains("PBT member " + member + "'s schedule"), retrain.err());
        Map<Integer, Double> scheduled = new TreeMap<>();
        for (Object o : (List<?>) schedule.get("segments")) {
            Map<?, ?> seg = (Map<?, ?>) o;
            double lr = ((Number) ((Map<?, ?>) seg.get("params")).get("lr")).doubleValue();
            for (int e = ((Number) seg.get("from_epoch")).intValue(); e < ((Number) seg.get("to_epoch")).intValue(); e++) {
                scheduled.put(e + 1, lr);
            }
        }
        List<Row> retrained = table("pbt", "retrain/epochs");
        assertEquals(EPOCHS, retrained.size());
        for (Row r : retrained) {
            int epoch = r.getAs("epoch");
            assertEquals(scheduled.get(epoch), r.<Double>getAs("lr"), 1e-12, "retrained epoch " + epoch + " under the schedule's lr");
        }
    }

    /**
     * The same synchronous PBT sweep twice: once uninterrupted, once in a driver JVM SIGKILLed after its first
     * decisions and then started again with the same command. The exploits, the members' final parameters and
     * results are the same, and every member's epochs are in the tables once.
     */
    @Test
    void aKilledPbtSweepResumesToTheSameDecisionsAndMembers() throws Exception {
        CliRun whole = CliRun.of("sweep", "--config", config("whole", true).toString());
        assertEquals(0, whole.exit(), whole.err());

        Path conf = config("killed", true);
        Path log = dir.resolve("killed-pbt.log");
        Process driver = DriverJvm.sweep(conf, log);
        Path journal = dir.resolve("runs/killed/pbt.log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (driver.isAlive() && System.nanoTime() < deadline && records(journal) < POPULATION * 2 + 2) {
            Thread.sleep(50); // the first generation's segments and decisions, and some of the second's segments
        }
        assertTrue(driver.isAlive(), "the driver must still be running when killed:\n" + Files.readString(log));
        driver.destroyForcibly();
        driver.waitFor();
        int before = records(journal);
        assertTrue(before < 2 * POPULATION * (EPOCHS - 1), before + " records: killed before the end (a boundary and a decision per member and boundary)");

        CliRun again = CliRun.of("sweep", "--config", conf.toString());
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.err().contains("resuming"), again.err());
        assertEquals(decisions("whole"), decisions("killed"), "the same exploits");
        assertEquals(members("whole"), members("killed"), "the same final members");
        assertEquals(POPULATION * EPOCHS, table("killed", "epochs").size(), "each member's epochs once");
        assertEquals(inForce("whole"), inForce("killed"), "the same parameters in force, epoch by epoch");
    }

    private static int records(Path journal) throws IOException {
        return Files.exists(journal) ? (int) Files.readAllLines(journal).stream().filter(l -> l.endsWith("}")).count() : 0;
    }

    private static List<String> decisions(String study) {
        return table(study, "pbt").stream().map(r -> r.getAs("epoch") + ": " + r.getAs("source") + " -> " + r.getAs("target")
                + " " + r.getAs("after")).sorted().toList();
    }

    private static List<String> members(String study) {
        return table(study, "trials").stream().map(r -> r.getAs("trial") + " " + Json.read(r.getAs("params")) + " "
                + r.getAs("final_test_error")).sorted().toList();
    }
}
