package io.sparkhpo.driver.objective;

import io.sparkhpo.driver.cli.CliRun;
import io.sparkhpo.search.space.FloatDistribution;
import io.sparkhpo.search.space.IntDistribution;
import io.sparkhpo.search.space.SearchSpace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The example user project (examples/custom-objective), from its jar alone: not on this module's class path, as a
 * user's jar is not on sparkhpo's. Swept through the CLI with {@code --jars} (TPE and ASHA, some trials pruned) and
 * through {@code Sweep.builder()} with the jar in the application's class loader.
 */
class ExampleObjectiveTest {

    static final String MLP = "com.example.objective.TabularMlp";

    @TempDir
    static Path dir;
    static Path jar;

    @BeforeAll
    static void jar() {
        jar = Path.of(System.getProperty("sparkhpo.example.jar", "../examples/custom-objective/target/custom-objective.jar"))
                .toAbsolutePath().normalize();
        assertTrue(Files.exists(jar), "the example must be built first (the reactor builds it before the driver): " + jar);
        assertThrows(ClassNotFoundException.class, () -> Class.forName(MLP), "the example is not on the test class path");
    }

    @Test
    void theExampleSweepsThroughTheCliWithItsJar() throws Exception {
        Path conf = Files.writeString(dir.resolve("example.conf"), "study { name = example, output = \""
                + dir.resolve("runs") + "\" }\n"
                + "spark { ui.enabled = false }\n"
                + "objective { class = " + MLP + ", max_steps = 6,\n"
                + "  params { epochs = 6, batch_size = 64, data = \"" + dir.resolve("data/tabular.csv") + "\" } }\n"
                + "search { sampler = tpe, trials = 10, parallelism = 2, seed = 3,\n"
                + "  pruner { name = asha, min_resource = 1, reduction_factor = 3 } }\n"
                + "space { lr { type = float, low = 1e-4, high = 0.1, log = true },\n"
                + "  weight_decay { type = float, low = 1e-6, high = 1e-2, log = true },\n"
                + "  hidden { type = int, low = 4, high = 64, log = true } }\n");
        CliRun without = CliRun.of("sweep", "--config", conf.toString());
        assertEquals(2, without.exit(), without.err());
        assertTrue(without.err().contains("objective.class") && without.err().contains("--jars"), without.err());

        CliRun run = CliRun.of("sweep", "--config", conf.toString(), "--jars", jar.toString());
        assertEquals(0, run.exit(), run.err());
        List<Map<String, Object>> rows = ObjectiveSweepTest.table(dir.resolve("runs/example"), "trials");
        assertEquals(10, rows.size());
        long pruned = rows.stream().filter(r -> "PRUNED".equals(r.get("state"))).count();
        long complete = rows.stream().filter(r -> io.sparkhpo.executors.train.RunState.COMPLETE.name().equals(r.get("state"))).count();
        assertEquals(10, pruned + complete, "no trial failed: " + rows);
        assertTrue(pruned > 0, "ASHA pruned some");
        for (Map<String, Object> r : rows) {
            assertTrue(((String) r.get("user_attrs")).contains("\"parameters\""), "the user's attribute: " + r);
            if (io.sparkhpo.executors.train.RunState.COMPLETE.name().equals(r.get("state"))) {
                assertTrue((Double) r.get("objective") < 0.5, "the network learned: " + r);
            }
        }
        long epochs = ObjectiveSweepTest.withSpark(s -> s.read().parquet(dir.resolve("runs/example/epochs").toString())
                .filter("metrics['train_loss'] > 0").count());
        assertEquals(rows.stream().mapToInt(r -> (Integer) r.get("steps")).sum(), epochs, "every epoch's metrics");
    }

    private static CliRun sweep(String name, String objective, String params, String search, String space) throws Exception {
        Path conf = Files.writeString(dir.resolve(name + ".conf"), "study { name = " + name + ", output = \""
                + dir.resolve("runs") + "\" }\n"
                + "spark { ui.enabled = false }\n"
                + "objective { class = " + objective + ", " + params + " }\n"
                + "search { " + search + " }\n"
                + "space { " + space + " }\n");
        CliRun run = CliRun.of("sweep", "--config", conf.toString(), "--jars", jar.toString());
        assertEquals(0, run.exit(), run.err());
        return run;
    }

    private static final String DATA = "data = \"DATA\"";

    @Test
    void theExampleWithGpWithPbtAndWithTwoObjectives() throws Exception {
        String data = DATA.replace("DATA", dir.resolve("data/tabular.csv").toString());
        sweep("example-gp", MLP, "params { epochs = 3, batch_size = 64, weight_decay = 1e-4, " + data + " }",
                "sampler = gp, startup_trials = 3, trials = 6, parallelism = 2, seed = 2",
                "lr { type = float, low = 1e-3, high = 0.1, log = true }, hidden { type = int, low = 8, high = 32 }");
        List<Map<String, Object>> gp = ObjectiveSweepTest.table(dir.resolve("runs/example-gp"), "trials");
        assertEquals(6, gp.size());
        assertTrue(gp.stream().allMatch(r -> io.sparkhpo.executors.train.RunState.COMPLETE.name().equals(r.get("state"))), String.valueOf(gp));

        sweep("example-pbt", MLP, "max_steps = 6, params { epochs = 6, batch_size = 64, weight_decay = 1e-4, hidden = 16, "
                        + data + " }",
                "sampler = random, seed = 5, parallelism = 2, strategy = pbt, pbt { population = 4, "
                        + "perturbation_interval = 2, mutations = [lr], synchronous = true }",
                "lr { type = float, low = 1e-4, high = 0.1, log = true }");
        Path pbt = dir.resolve("runs/example-pbt");
        assertFalse(ObjectiveSweepTest.table(pbt, "pbt").isEmpty(), "the bottom member took a top member's checkpoint");
        List<Map<String, Object>> epochs = ObjectiveSweepTest.table(pbt, "epochs");
        for (int member = 0; member < 4; member++) {
            int m = member;
            List<Object> steps = epochs.stream().filter(e -> e.get("trial").equals(m)).map(e -> e.get("step")).sorted().toList();
            assertEquals(List.of(1, 2, 3, 4, 5, 6), steps, "member " + m + " went on from the checkpoint it was given, "
                    + "never from step 1 again");
        }

        sweep("example-two", "com.example.objective.SmallAndAccurate", "params { epochs = 2, batch_size = 64, "
                        + "weight_decay = 1e-4, lr = 0.01, " + data + " }",
                "sampler = random, trials = 6, parallelism = 2, seed = 3, objectives = [error, parameters], "
                        + "directions = [minimize, minimize]", "hidden { type = int, low = 2, high = 64, log = true }");
        List<Map<String, Object>> two = ObjectiveSweepTest.table(dir.resolve("runs/example-two"), "trials");
        assertEquals(6, two.size());
        assertTrue(two.stream().anyMatch(r -> Integer.valueOf(0).equals(r.get("pareto_rank"))), "a Pareto front");
        assertTrue(two.stream().allMatch(r -> r.get("pareto_rank") != null), String.valueOf(two));
    }

    @Test
    void theExampleSweepsThroughTheProgrammaticApi() throws Exception {
        ClassLoader saved = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[]{jar.toUri().toURL()}, saved)) {
            Thread.currentThread().setContextClassLoader(loader);
            Sweep.Outcome out = Sweep.builder().study("api", dir.resolve("runs").toString())
                    .objectiveClass(MLP)
                    .space(SearchSpace.builder().add("lr", new FloatDistribution(1e-3, 0.05, true, 0))
                            .add("hidden", new IntDistribution(8, 32, false, 1)).build())
                    .fixed("weight_decay", 1e-4).fixed("epochs", 2).fixed("batch_size", 64)
                    .fixed("data", dir.resolve("data/tabular.csv").toString())
                    .sampler("random").trials(4).parallelism(2).seed(1)
                    .sparkConf("spark.ui.enabled", "false").sparkConf("spark.jars", jar.toUri().toString())
                    .run(null);
            assertEquals(4, out.result().trials().size());
            Map<String, Object> best = out.best().orElseThrow();
            assertTrue(out.result().trials().stream().allMatch(r -> (Double) r.get("objective") >= (Double) best.get("objective")));
            assertTrue(out.directory().endsWith("runs/api"));
            assertEquals(4, out.trials().count(), "the trials as a Dataset<Row>");
            out.spark().stop();
        } finally {
            Thread.currentThread().setContextClassLoader(saved);
        }
        assertEquals(4, ObjectiveSweepTest.table(dir.resolve("runs/api"), "trials").size());
    }
}
