package io.sparkhpo.driver.sweep;

import io.sparkhpo.driver.cli.CliRun;
import io.sparkhpo.executors.data.TestData;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code optimizer = sam} through the CLI on each engine, with ρ and ASAM searched: every trial trains, and its row
 * holds the sampled ρ and flag, the base's rule and hyperparameters, and the label they make; {@code retrain} refuses
 * a SAM study by name rather than retraining it without SAM.
 */
class SamSweepTest {

    @TempDir
    static Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"dl4j", "djl"})
    void samSweepsRhoOnEachEngine(String engine) throws IOException {
        Path cifar = TestData.writeCifar10(dir.resolve("cifar-" + engine), 60, 120, 5);
        Path conf = Files.writeString(dir.resolve(engine + ".conf"), "study { name = sam-" + engine + ", output = \""
                + dir.resolve("runs") + "\" }\n"
                + "spark { ui.enabled = false }\n"
                + "data { name = cifar10, path = \"" + cifar + "\", train_size = 200, test_size = 100 }\n"
                + "model { width = 2 }\n"
                + "training { engine = " + engine + ", epochs = 1, batch_size = 50, seed = 3 }\n"
                + "optimizer { name = sam, base = sgd, lr = 0.05, momentum = 0.9, weight_decay = 5e-4 }\n"
                + "search { sampler = random, trials = 4, parallelism = 2, seed = 11 }\n"
                + "space { rho { type = float, low = 0.01, high = 1, log = true },\n"
                + "  adaptive { type = categorical, values = [false, true] } }\n");
        CliRun run = CliRun.of("sweep", "--config", conf.toString());
        assertEquals(0, run.exit(), run.err());
        Path study = dir.resolve("runs/sam-" + engine);
        List<Map<String, Object>> rows = MultiObjectiveSweepTest.trials(study);
        assertEquals(4, rows.size());
        assertTrue(run.out().contains("wd        rho"), "the summary has a rho column: " + run.out());
        Set<Object> rhos = new HashSet<>();
        Set<Object> labels = new HashSet<>();
        for (Map<String, Object> r : rows) {
            assertEquals(io.sparkhpo.executors.train.RunState.COMPLETE.name(), r.get("state"), "trial " + r.get("trial") + ": " + r.get("error"));
            assertTrue(Double.isFinite((Double) r.get("final_test_error")));
            assertEquals("sam", r.get("optimizer"));
            assertEquals("sgd", r.get("base"));
            assertEquals(0.9, r.get("momentum"));
            assertEquals("l2", r.get("weight_decay_mode"));
            double rho = (Double) r.get("rho");
            assertTrue(rho >= 0.01 && rho <= 1, "rho " + rho);
            assertTrue(((String) r.get("params")).contains(Double.toString(rho)), "the sampled ρ is the trained one: " + r.get("params"));
            assertEquals(Boolean.TRUE.equals(r.get("adaptive")) ? "ASAM(SGD)" : "SAM(SGD)", r.get("optimizer_label"));
            assertTrue(run.out().contains(String.format("%.2e", rho)), "the summary shows ρ: " + run.out());
            rhos.add(rho);
            labels.add(r.get("optimizer_label"));
        }
        assertEquals(4, rhos.size(), "ρ searched");
        assertEquals(2, labels.size(), "SAM and ASAM both sampled: " + labels);

        CliRun retrain = CliRun.of("retrain", "--best", study.toString());
        assertNotEquals(0, retrain.exit());
        assertTrue(retrain.err().contains("optimizer = sam") && !retrain.err().contains("\tat "), retrain.err());
    }
}
