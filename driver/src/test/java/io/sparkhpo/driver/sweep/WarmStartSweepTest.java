package io.sparkhpo.driver.sweep;

import io.sparkhpo.driver.cli.CliRun;
import io.sparkhpo.executors.data.TestData;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code search.warm_start} through the CLI: a study searched over lr and beta1 (weight decay fixed) warm-starts one
 * over a narrower lr and weight decay. The sampler gets the earlier trials whose lr fits (weight decay from its
 * column, beta1 dropped), they are copied into the new trials table marked with their folder and not run again, a
 * resumed study gets them again from its own table, and a folder without a study is a config error.
 */
class WarmStartSweepTest {

    @TempDir
    static Path dir;
    static Path cifar;

    @BeforeAll
    static void data() throws IOException {
        cifar = TestData.writeCifar10(dir.resolve("cifar"), 60, 120, 5);
    }

    static Path config(String name, String search, String space) throws IOException {
        return Files.writeString(dir.resolve(name + ".conf"), "study { name = " + name + ", output = \"" + dir.resolve("runs") + "\" }\n"
                + "spark { ui.enabled = false }\n"
                + "data { name = cifar10, path = \"" + cifar + "\", train_size = 200, test_size = 100 }\n"
                + "model { width = 2 }\n"
                + "training { engine = djl, epochs = 1, batch_size = 50, seed = 3 }\n"
                + "optimizer { name = adam" + (space.contains("weight_decay") ? "" : ", weight_decay = 1e-4") + " }\n"
                + "search { " + search + " }\n"
                + "space { " + space + " }\n");
    }

    static List<Row> trials(String study) {
        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
        try {
            return spark.read().parquet(dir.resolve("runs").resolve(study).resolve("trials").toString()).collectAsList();
        } finally {
            spark.stop();
        }
    }

    @Test
    void earlierTrialsReachTheSamplerAndTheTablesMarked() throws IOException {
        CliRun a = CliRun.of("sweep", "--config", config("earlier", "sampler = random, trials = 4, seed = 5",
                "lr { type = float, low = 1e-3, high = 3e-2, log = true }, beta1 { type = float, low = 0.8, high = 0.95 }").toString());
        assertEquals(0, a.exit(), a.err());
        List<Row> earlier = trials("earlier");
        long fits = earlier.stream().filter(r -> io.sparkhpo.executors.train.RunState.COMPLETE.name().equals(r.getAs("state")) && r.<Double>getAs("lr") <= 1e-2).count();
        assertTrue(fits > 0, "at least one earlier trial has lr <= 1e-2 (seeded)");

        String source = dir.resolve("runs/earlier").toString();
        Path later = config("later", "sampler = tpe, trials = 2, seed = 5, warm_start = [\"" + source + "\"]",
                "lr { type = float, low = 1e-3, high = 1e-2, log = true }, weight_decay { type = float, low = 1e-5, high = 1e-3, log = true }");
        CliRun b = CliRun.of("sweep", "--config", later.toString());
        assertEquals(0, b.exit(), b.err());
        assertTrue(b.err().contains("sparkhpo: warm start: " + fits + " completed trial(s) of " + source + " given to the sampler"),
                b.err());
        assertTrue(b.err().contains("parameters not in this space dropped: beta1"), b.err());
        assertEquals(fits < 4, b.err().contains((4 - fits) + " skipped: parameter 'lr' is outside this space"), b.err());

        List<Row> rows = trials("later");
        List<Row> own = rows.stream().filter(r -> r.getAs("warm_start") == null).toList();
        List<Row> warm = rows.stream().filter(r -> r.getAs("warm_start") != null).toList();
        assertEquals(Set.of(0, 1), own.stream().map(r -> r.<Integer>getAs("trial")).collect(Collectors.toSet()), "2 trials of its own");
        assertTrue(own.stream().allMatch(r -> "later".equals(r.getAs("study"))));
        assertEquals(fits, warm.size(), "each warm-start trial copied once");
        for (Row r : warm) {
            assertEquals(source, r.getAs("warm_start"));
            assertEquals("earlier", r.getAs("study"), "a copied row keeps its study and trial");
            Row original = earlier.stream().filter(e -> e.getAs("trial").equals(r.getAs("trial"))).findFirst().orElseThrow();
            assertEquals(original.<Double>getAs("objective"), r.<Double>getAs("objective"));
            assertEquals(original.<String>getAs("params"), r.<String>getAs("params"));
        }

        CliRun again = CliRun.of("sweep", "--config", later.toString()); // search.resume = auto: finished, nothing to run
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.err().contains("resuming") && again.err().contains("sparkhpo: warm start: " + fits + " completed trial(s)"),
                again.err());
        assertEquals(fits, trials("later").stream().filter(r -> r.getAs("warm_start") != null).count(), "not copied twice");
    }

    @Test
    void aFolderWithoutAStudyIsAConfigError() throws IOException {
        String nowhere = dir.resolve("runs/never-ran").toString();
        CliRun r = CliRun.of("sweep", "--config", config("orphan", "sampler = tpe, trials = 1, warm_start = [\"" + nowhere + "\"]",
                "lr { type = float, low = 1e-3, high = 1e-2, log = true }").toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("search.warm_start: " + nowhere + " holds no trials table"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace");
        CliRun twice = CliRun.of("sweep", "--config", config("twice", "sampler = tpe, trials = 1, warm_start = [a, a]",
                "lr { type = float, low = 1e-3, high = 1e-2, log = true }").toString());
        assertEquals(2, twice.exit(), twice.err());
        assertTrue(twice.err().contains("search.warm_start must list study folders") && twice.err().contains("\"a\""), twice.err());
    }
}
