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
 * What the whole-sweep tests ({@link SweepEndToEndTest}, {@link SweepOptionsEndToEndTest}) share: generated
 * CIFAR-10-format files, the CLI on embedded Spark, and a plain Spark session that reads the tables back.
 */
abstract class EndToEndSweeps {

    @TempDir
    static Path dir;
    static Path cifar;
    static SparkSession reader;

    @BeforeAll
    static void setUp() throws IOException {
        cifar = TestData.writeCifar10(dir.resolve("cifar"), 60, 120, 5);
    }

    @AfterAll
    static void tearDown() {
        stopReader();
    }

    /** Sweeps start their own local session only when none is running, so the reader must be stopped first. */
    static void stopReader() {
        if (reader != null) {
            reader.stop();
            reader = null;
        }
    }

    /** A plain Spark session for reading the tables (started after the sweeps stopped theirs). */
    static SparkSession reader() {
        if (reader == null) {
            reader = SparkSession.builder().master("local[1]").appName("reader").config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        }
        return reader;
    }

    record Run(int exit, String out, String err) {
    }

    static Run cli(String... args) {
        stopReader();
        io.sparkhpo.driver.cli.CliRun r = io.sparkhpo.driver.cli.CliRun.of(args);
        return new Run(r.exit(), r.out(), r.err());
    }

    static Path config(String name, String body) throws IOException {
        Path f = dir.resolve(name + ".conf");
        Files.writeString(f, "study { name = " + name + ", output = \"" + dir.resolve("runs") + "\" }\n"
                + "spark { ui.enabled = false }\n" + body);
        return f;
    }

    static String cifarConfig(int trials, int parallelism) {
        return "data { name = cifar10, path = \"" + cifar + "\", train_size = 200, test_size = 100 }\n"
                + "model { width = 2 }\n"
                + "training { epochs = 2, batch_size = 50, seed = 3 }\n"
                + "search { sampler = random, trials = " + trials + ", parallelism = " + parallelism + ", seed = 11 }\n"
                + "space {\n"
                + "  optimizer { type = categorical, values = [adam, adamw] }\n"
                + "  lr { type = float, low = 1e-3, high = 3e-2, log = true }\n"
                + "  weight_decay { type = float, low = 1e-5, high = 1e-2, log = true }\n"
                + "}\n";
    }

    Dataset<Row> table(String study, String table) {
        return reader().read().parquet(dir.resolve("runs").resolve(study).resolve(table).toString());
    }

}
