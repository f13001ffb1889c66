package io.sparkhpo.driver.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input reaches the user as one line and exit code 2, before Spark starts. */
class MainTest {

    @TempDir
    Path dir;

    String[] run(int expectedExit, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(expectedExit, code, e);
        assertFalse(e.contains("\tat "), "no stack trace: " + e);
        return new String[]{out.toString(StandardCharsets.UTF_8), e};
    }

    @Test
    void badConfigExitsTwoNamingFileKeyAndValue() throws IOException {
        Path f = dir.resolve("bad.conf");
        Files.writeString(f, "study { name = x }\ntraining { epochs = -2 }\n");
        String err = run(2, "sweep", "--config", f.toString())[1];
        assertTrue(err.startsWith("sparkhpo: error: " + f + ":2: training.epochs must be an integer >= 1, got -2"), err);
    }

    @Test
    void missingDataExitsTwoNamingThePath() throws IOException {
        Path f = dir.resolve("nodata.conf");
        Files.writeString(f, "study { name = x, output = \"" + dir + "\" }\n"
                + "data { name = cifar10, path = \"" + dir.resolve("c10") + "\", download = false }\n"
                + "training { epochs = 1 }\nsearch { trials = 1 }\nspace { lr { type = float, low = 0.1, high = 0.2 } }\n");
        String err = run(2, "sweep", "--config", f.toString())[1];
        assertTrue(err.contains(dir.resolve("c10").toString()) && err.contains("download"), err);
    }

    @Test
    void badArgumentsExitTwo() {
        assertTrue(run(2, "sweep")[1].contains("--config"));
        assertTrue(run(2, "sweep", "--config", "x.conf", "--parallelism", "0")[1].contains("--parallelism"));
        assertTrue(run(2, "sweep", "--config", "x.conf", "--parallelism", "two")[1].contains("two"));
        assertTrue(run(2, "frobnicate")[1].contains("frobnicate"));
        assertTrue(run(2, "sweep", "--config", dir.resolve("absent.conf").toString())[1].contains("not found"));
        assertTrue(run(2, "bench-search", "--samplers", "bohb")[1].contains("bohb"));
        assertTrue(run(2, "bench-search", "--functions", "rosenbrock")[1].contains("rosenbrock"));
        assertTrue(run(2, "retrain", "x")[1].contains("--best"));
        assertTrue(run(2, "retrain", "--best", "x", "--workers", "0")[1].contains("--workers must be >= 1, got 0"));
        assertTrue(run(2, "retrain", "--best", "x", "--test-size", "-5")[1].contains("--test-size must be >= 1, got -5"));
        assertTrue(run(2, "retrain", "--best", "x", "--resume", "--overwrite")[1].contains("cannot be combined"));
        assertTrue(run(2, "retrain", "--best", dir.toString())[1].contains(dir + " is not a study folder: it has no sweep.conf"));
        assertTrue(run(2, "bench-search", "--seeds", "0")[1].contains("--seeds"));
        assertTrue(run(2, "bench-search", "--ask-sizes", "many")[1].contains("many"));
    }

    @Test
    void dryRunPrintsTheSameTrialsEveryTime() throws IOException {
        Path f = dir.resolve("dry.conf");
        Files.writeString(f, "study { name = d }\ndata { name = fashion-mnist }\ntraining { epochs = 1 }\n"
                + "search { trials = 4, seed = 5 }\nspace { lr { type = float, low = 1e-4, high = 1e-1, log = true }\n"
                + "optimizer { type = categorical, values = [adam, adamw] } }\n");
        String first = run(0, "sweep", "--config", f.toString(), "--dry-run")[0];
        String second = run(0, "sweep", "--config", f.toString(), "--dry-run")[0];
        assertEquals(first, second);
        assertEquals(4, first.lines().count());
        Files.writeString(f, Files.readString(f).replace("seed = 5", "seed = 6"));
        assertFalse(first.equals(run(0, "sweep", "--config", f.toString(), "--dry-run")[0]), "the seed matters");
    }

    /** A stopped SparkContext (a refused or lost application) gets a hint at the likely cause. */
    @Test
    void aStoppedApplicationGetsAHint() {
        assertTrue(Main.hint(new IllegalStateException("Cannot call methods on a stopped SparkContext.")).contains("spark.authenticate.secret"));
        assertEquals("", Main.hint(new IllegalStateException("something else")));
    }
}
