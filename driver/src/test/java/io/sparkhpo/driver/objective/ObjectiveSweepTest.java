package io.sparkhpo.driver.objective;

import io.sparkhpo.driver.cli.CliRun;
import io.sparkhpo.driver.tables.StudyTables;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user's objective swept through the CLI ({@code objective.class}): with TPE and ASHA (some trials pruned at the
 * step they reached), with GP, with two objectives (Pareto ranks), and the bad classes: each gets the outcome
 * docs/objective.md promises. The tables are read back with Spark.
 */
class ObjectiveSweepTest {

    @TempDir
    static Path dir;

    private static Path conf(String name, String objective, String search, String space) throws IOException {
        return Files.writeString(dir.resolve(name + ".conf"), "study { name = " + name + ", output = \""
                + dir.resolve("runs") + "\" }\n"
                + "spark { ui.enabled = false }\n"
                + "objective { " + objective + " }\n"
                + "search { " + search + " }\n"
                + "space { " + space + " }\n");
    }

    static List<Map<String, Object>> table(Path study, String table) {
        return withSpark(spark -> StudyTables.maps(spark.read().parquet(study.resolve(table).toString()).collectAsList()));
    }

    /** A local session for reading the tables, stopped after (the next sweep starts its own). */
    static <T> T withSpark(java.util.function.Function<SparkSession, T> read) {
        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
        try {
            return read.apply(spark);
        } finally {
            spark.stop();
        }
    }

    @Test
    void tpeWithAshaPrunesSomeTrialsAtTheStepTheyReached() throws IOException {
        Path c = conf("tpe-asha", "class = \"" + TestObjectives.Curve.class.getName() + "\", max_steps = 9, "
                        + "params { steps = 9, sleep_ms = 1 }",
                "sampler = tpe, trials = 24, parallelism = 2, seed = 5, pruner { name = asha, min_resource = 1, "
                        + "reduction_factor = 3 }",
                "x { type = float, low = -1, high = 1 }");
        CliRun run = CliRun.of("sweep", "--config", c.toString());
        assertEquals(0, run.exit(), run.err());
        Path study = dir.resolve("runs/tpe-asha");
        List<Map<String, Object>> trials = table(study, "trials");
        assertEquals(24, trials.size());
        Set<Object> numbers = new HashSet<>();
        int pruned = 0;
        for (Map<String, Object> r : trials) {
            assertTrue(numbers.add(r.get("trial")), "each trial once");
            assertEquals(TestObjectives.Curve.class.getName(), r.get("objective_class"));
            assertEquals("value:minimize", r.get("objectives"));
            double x = (Double) r.get("params_x");
            assertTrue(x >= -1 && x <= 1);
            assertTrue(((String) r.get("user_attrs")).contains("\"started_at\":0"), String.valueOf(r.get("user_attrs")));
            if ("PRUNED".equals(r.get("state"))) {
                pruned++;
                // ASHA's rungs (min_resource 1, η 3) are steps 1, 3 and 9: as in Optuna, a trial is pruned only at
                // the report that reaches a rung, the last step included, and its row keeps the step it reached
                assertTrue(Set.of(1, 3, 9).contains((Integer) r.get("steps")), "pruned at a rung: " + r);
                assertTrue(String.valueOf(r.get("error")).startsWith("pruned at step " + r.get("steps") + " "), String.valueOf(r));
                assertNull(r.get("objective"));
            } else {
                assertEquals(io.sparkhpo.executors.train.RunState.COMPLETE.name(), r.get("state"), String.valueOf(r.get("error")));
                assertEquals(9, r.get("steps"));
                assertEquals((x - 0.3) * (x - 0.3) + 1.0 / 9, (Double) r.get("objective"), 1e-12);
            }
        }
        assertTrue(pruned > 0, "ASHA pruned some trials");
        List<Map<String, Object>> epochs = table(study, "epochs");
        int reports = trials.stream().mapToInt(r -> (Integer) r.get("steps")).sum();
        assertEquals(reports, epochs.size(), "every report in the epochs table");
        Row any = withSpark(spark -> spark.read().parquet(study.resolve("epochs").toString())
                .selectExpr("metrics['loss'] as loss", "value").first());
        assertEquals(2 * any.getDouble(1), any.getDouble(0), 1e-12, "the metrics map column holds the user's metrics");
        assertTrue(run.out().contains("PRUNED") && run.out().contains("rank  trial"), run.out());
    }

    /** Sweeps {@code conf} in a driver JVM of its own and SIGKILLs it (and its children) once {@code ready} holds. */
    private static void killWhen(Path conf, Path log, java.util.function.BooleanSupplier ready) throws Exception {
        Process driver = io.sparkhpo.driver.sweep.DriverJvm.sweep(conf, log);
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!ready.getAsBoolean()) {
            assertTrue(driver.isAlive() && System.nanoTime() < deadline, "the driver did not get where it is killed: "
                    + (Files.exists(log) ? Files.readString(log) : ""));
            Thread.sleep(10);
        }
        driver.descendants().forEach(ProcessHandle::destroyForcibly);
        driver.destroyForcibly();
        driver.waitFor();
    }

    private static boolean shows(Path log, String text) {
        try {
            return Files.exists(log) && Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static List<Path> listed(Path folder) {
        try (var files = Files.list(folder)) {
            return files.toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    @Test
    void gpFindsTheMinimumRegionAndTwoObjectivesGetParetoRanks() throws IOException {
        Path gp = conf("gp", "class = \"" + TestObjectives.Curve.class.getName() + "\", params { steps = 1, sleep_ms = 0 }",
                "sampler = gp, trials = 16, parallelism = 2, seed = 1", "x { type = float, low = -1, high = 1 }");
        CliRun run = CliRun.of("sweep", "--config", gp.toString());
        assertEquals(0, run.exit(), run.err());
        double best = table(dir.resolve("runs/gp"), "trials").stream().mapToDouble(r -> (Double) r.get("objective")).min()
                .orElseThrow();
        assertTrue(best < 1 + 0.01, "GP gets within 0.1 of x = 0.3: " + best);

        Path two = conf("two", "class = \"" + TestObjectives.Two.class.getName() + "\"",
                "sampler = random, trials = 12, parallelism = 2, seed = 2, objectives = [error, cost], "
                        + "directions = [minimize, minimize]", "x { type = float, low = 0, high = 1 }");
        CliRun multi = CliRun.of("sweep", "--config", two.toString());
        assertEquals(0, multi.exit(), multi.err());
        List<Map<String, Object>> rows = table(dir.resolve("runs/two"), "trials");
        assertEquals(12, rows.size());
        for (Map<String, Object> r : rows) {
            double x = (Double) r.get("params_x");
            Map<String, Double> values = values(r);
            assertEquals(x, values.get("cost"), 1e-12);
            assertEquals((x - 0.3) * (x - 0.3), values.get("error"), 1e-12);
            boolean dominated = rows.stream().filter(o -> o != r).anyMatch(o -> {
                Map<String, Double> v = values(o);
                return v.get("error") <= values.get("error") && v.get("cost") <= values.get("cost")
                        && (v.get("error") < values.get("error") || v.get("cost") < values.get("cost"));
            });
            assertEquals(dominated, (Integer) r.get("pareto_rank") > 0, "x = " + x + ": rank " + r.get("pareto_rank"));
        }
        assertTrue(multi.out().contains("pareto"), multi.out());

        // compacted, then the same command again (it resumes and has nothing to add): every trial and report once
        for (Path conf : List.of(gp, two)) {
            Path study = dir.resolve("runs").resolve(conf.getFileName().toString().replace(".conf", ""));
            List<Map<String, Object>> before = table(study, "trials");
            int reports = Files.exists(study.resolve("epochs")) ? table(study, "epochs").size() : 0;
            CliRun compact = CliRun.of("compact", study.toString());
            assertEquals(0, compact.exit(), compact.err());
            System.err.print(compact.out());
            assertTrue(compact.out().matches("(?s).*trials +\\d+ files( -> 1 \\(" + before.size()
                    + " rows\\)|: already compact).*"), compact.out()); // short trials are written in batches
            CliRun again = CliRun.of("sweep", "--config", conf.toString());
            assertEquals(0, again.exit(), again.err());
            List<Map<String, Object>> after = table(study, "trials");
            assertEquals(before.size(), after.stream().map(r -> r.get("trial")).distinct().count(), study.toString());
            assertEquals(before.size(), after.size(), study + ": each trial once");
            assertEquals(reports, Files.exists(study.resolve("epochs")) ? table(study, "epochs").size() : 0,
                    study + ": the resume kept the compacted reports");
            for (Map<String, Object> r : after) {
                Map<String, Object> first = before.stream().filter(o -> o.get("trial").equals(r.get("trial"))).findFirst()
                        .orElseThrow();
                assertEquals(first.get("pareto_rank"), r.get("pareto_rank"), study + " trial " + r.get("trial"));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Double> values(Map<String, Object> row) {
        return (Map<String, Double>) row.get("values");
    }

    @Test
    void aKilledDriverResumesWithEveryTrialOnceAndInterruptedOnesFromTheirCheckpoints() throws Exception {
        Path c = conf("killed", "class = \"" + TestObjectives.Curve.class.getName() + "\", max_steps = 5, "
                        + "params { steps = 5, sleep_ms = 60 }",
                "sampler = random, trials = 24, parallelism = 2, seed = 9", "x { type = float, low = -1, high = 1 }");
        Path log = dir.resolve("killed.log");
        Path checkpoints = dir.resolve("runs/killed/checkpoints");
        killWhen(c, log, () -> shows(log, "[6/24]") && Files.isDirectory(checkpoints) // a trial in flight has saved one
                && listed(checkpoints).stream().anyMatch(f -> f.getFileName().toString().endsWith(".ckpt")));

        CliRun again = CliRun.of("sweep", "--config", c.toString());
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.err().contains("resuming:"), again.err());
        List<Map<String, Object>> rows = table(dir.resolve("runs/killed"), "trials");
        assertEquals(24, rows.size(), "every trial once");
        assertEquals(24, rows.stream().map(r -> r.get("trial")).distinct().count());
        assertTrue(rows.stream().allMatch(r -> io.sparkhpo.executors.train.RunState.COMPLETE.name().equals(r.get("state"))), String.valueOf(rows));
        long continued = rows.stream().filter(r -> !((String) r.get("user_attrs")).contains("\"started_at\":0")).count();
        assertTrue(continued >= 1, "an interrupted trial continued from its checkpoint: " + rows);
        List<Map<String, Object>> epochs = table(dir.resolve("runs/killed"), "epochs");
        assertEquals(epochs.size(), epochs.stream().map(e -> e.get("trial") + "/" + e.get("step")).distinct().count(),
                "no report twice (an unfinished batch's reports are dropped on resume)");
    }

    @Test
    void pbtExploitsContinueFromTheSourcesCheckpoint() throws IOException {
        for (String sync : List.of("false", "true")) {
            String name = "pbt-" + (sync.equals("true") ? "sync" : "async");
            // the grid's members in order: lr 0.01 (the best), 0.046, 0.22, 1 (the worst); two run at a time, so the
            // last member reaches each boundary after the first two and sees every score there, also asynchronously
            Path c = conf(name, "class = \"" + TestObjectives.Climb.class.getName() + "\", max_steps = 8, "
                            + "params { steps = 8, sleep_ms = 10 }",
                    "sampler = grid, seed = 4, parallelism = 2, strategy = pbt, pbt { population = 4, "
                            + "perturbation_interval = 2, mutations = [lr], quantile_fraction = 0.25, synchronous = " + sync + " }",
                    "lr { type = float, low = 0.01, high = 1, log = true, points = 4 }");
            CliRun run = CliRun.of("sweep", "--config", c.toString());
            assertEquals(0, run.exit(), run.err());
            Path study = dir.resolve("runs/" + name);
            List<Map<String, Object>> trials = table(study, "trials");
            assertEquals(4, trials.size());
            assertTrue(trials.stream().allMatch(r -> io.sparkhpo.executors.train.RunState.COMPLETE.name().equals(r.get("state")) && r.get("steps").equals(8)),
                    String.valueOf(trials));
            List<Map<String, Object>> exploits = table(study, "pbt");
            assertFalse(exploits.isEmpty(), "the bottom member took a top one's checkpoint: " + run.err());
            List<Map<String, Object>> epochs = table(study, "epochs");
            for (Map<String, Object> x : exploits) {
                int b = (Integer) x.get("epoch");
                Map<String, Object> source = row(epochs, (Integer) x.get("source"), b);
                Map<String, Object> next = row(epochs, (Integer) x.get("target"), b + 1);
                double lr = ((Number) io.sparkhpo.search.json.Json.read((String) next.get("params")).get("lr")).doubleValue();
                assertEquals(lr, ((Number) io.sparkhpo.search.json.Json.read((String) x.get("after")).get("lr")).doubleValue(),
                        1e-12, "the explored value is in force after the exploit");
                assertEquals((Double) source.get("value") - TestObjectives.Climb.gain(lr), (Double) next.get("value"), 1e-9,
                        "member " + x.get("target") + " went on at step " + (b + 1) + " from member " + x.get("source")
                                + "'s state at step " + b + ", not from scratch");
            }
            assertFalse(Files.exists(study.resolve("checkpoints")) && Files.list(study.resolve("checkpoints")).findAny()
                    .isPresent(), "the checkpoints are removed at the end");
        }
    }

    private static Map<String, Object> row(List<Map<String, Object>> epochs, int trial, int step) {
        List<Map<String, Object>> rows = epochs.stream().filter(e -> e.get("trial").equals(trial) && e.get("step").equals(step))
                .toList();
        assertEquals(1, rows.size(), "one report of trial " + trial + " at step " + step + ": " + rows);
        return rows.get(0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theLiveDashboardListsTheRunningTrialsWithTheirLastReport() throws Exception {
        Path c = conf("live", "class = \"" + TestObjectives.Curve.class.getName() + "\", max_steps = 5, "
                        + "params { steps = 5, sleep_ms = 300 }",
                "sampler = random, trials = 4, parallelism = 2, seed = 9", "x { type = float, low = -1, high = 1 }");
        Path log = dir.resolve("live.log");
        Process driver = io.sparkhpo.driver.sweep.DriverJvm.sweep(c, log, "--dashboard", "0");
        java.util.regex.Pattern url = java.util.regex.Pattern.compile("dashboard of this sweep at (http://\\S+)");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        Map<String, Object> seen = null;
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (seen == null && driver.isAlive() && System.nanoTime() < deadline) {
            java.util.regex.Matcher m = url.matcher(Files.exists(log) ? Files.readString(log) : "");
            if (m.find()) {
                String body = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(m.group(1)
                        + "api/studies/0/overview")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                for (Map<String, Object> t : (List<Map<String, Object>>) io.sparkhpo.search.json.Json.read(body).get("running")) {
                    if (t.get("step") != null) {
                        seen = t;
                    }
                }
            }
            Thread.sleep(100);
        }
        assertTrue(driver.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), Files.readString(log));
        assertEquals(0, driver.exitValue(), Files.readString(log));
        assertNotNull(seen, "a running trial with its last report was shown: " + Files.readString(log));
        assertEquals("driver", seen.get("executor"));
        assertTrue(((Map<String, Object>) seen.get("params")).containsKey("x"), String.valueOf(seen));
    }

    @Test
    void aKilledPbtSweepResumesEveryMemberWithTheValuesItsExploitsLeftIt() throws Exception {
        Path c = conf("pbt-killed", "class = \"" + TestObjectives.Climb.class.getName() + "\", max_steps = 12, "
                        + "params { steps = 12, sleep_ms = 60 }",
                "sampler = grid, seed = 4, parallelism = 2, strategy = pbt, pbt { population = 4, "
                        + "perturbation_interval = 2, mutations = [lr], synchronous = true }",
                "lr { type = float, low = 0.01, high = 1, log = true, points = 4 }");
        Path log = dir.resolve("pbt-killed.log");
        killWhen(c, log, () -> shows(log, "step 4: member")); // two generations decided

        CliRun again = CliRun.of("sweep", "--config", c.toString());
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.err().contains("resuming:"), again.err());
        Path study = dir.resolve("runs/pbt-killed");
        List<Map<String, Object>> trials = table(study, "trials");
        assertEquals(4, trials.size(), "every member once");
        assertTrue(trials.stream().allMatch(r -> io.sparkhpo.executors.train.RunState.COMPLETE.name().equals(r.get("state")) && r.get("steps").equals(12)),
                String.valueOf(trials));
        List<Map<String, Object>> exploits = table(study, "pbt");
        assertTrue(exploits.stream().anyMatch(x -> (Integer) x.get("epoch") <= 4), "the exploits before the kill are kept: "
                + exploits);
        for (Map<String, Object> x : exploits) {
            int target = (Integer) x.get("target");
            double after = ((Number) io.sparkhpo.search.json.Json.read((String) x.get("after")).get("lr")).doubleValue();
            boolean later = exploits.stream().anyMatch(y -> y.get("target").equals(target)
                    && (Integer) y.get("epoch") > (Integer) x.get("epoch"));
            if (!later) { // the member's last exploit set the lr it ended with
                Map<String, Object> row = trials.stream().filter(r -> r.get("trial").equals(target)).findFirst().orElseThrow();
                assertEquals(after, (Double) row.get("params_lr"), 1e-12, "member " + target);
            }
        }
        assertFalse(Files.list(study.resolve("checkpoints")).anyMatch(f -> f.getFileName().toString().contains("-epoch-")),
                "the boundary checkpoints of both runs are removed");
    }

    @Test
    void aFixedRunnerPortIsUsedAndABadOneIsAConfigError() throws Exception {
        int free;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            free = probe.getLocalPort();
        }
        String objective = "class = \"" + TestObjectives.Two.class.getName() + "\"";
        String search = "sampler = random, trials = 3, objectives = [error, cost], directions = [minimize, minimize]";
        Path good = Files.writeString(dir.resolve("port.conf"), "study { name = port, output = \"" + dir.resolve("runs")
                + "\" }\nspark { ui.enabled = false, sparkhpo.runner.port = " + free + " }\nobjective { " + objective
                + " }\nsearch { " + search + " }\nspace { x { type = float, low = 0, high = 1 } }\n");
        CliRun ok = CliRun.of("sweep", "--config", good.toString());
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.err().contains("reach the driver at 127.0.0.1:" + free), ok.err());
        Path bad = Files.writeString(dir.resolve("badport.conf"), Files.readString(good).replace("port = " + free,
                "port = seventy").replace("name = port", "name = badport"));
        CliRun run = CliRun.of("sweep", "--config", bad.toString());
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("spark.sparkhpo.runner.port") && run.err().contains("seventy"), run.err());
    }

    @Test
    void badClassesAreConfigErrorsBeforeAnyTrial() throws IOException {
        String space = "x { type = float, low = 0, high = 1 }";
        String search = "sampler = random, trials = 2";
        for (String[] c : new String[][]{
                {"missing", "com.acme.Missing", "was not found"},
                {"wrong-type", TestObjectives.NotAnObjective.class.getName(), "implements neither"},
                {"throwing", TestObjectives.ThrowingConstructor.class.getName(), "no licence server"}}) {
            CliRun run = CliRun.of("sweep", "--config", conf(c[0], "class = \"" + c[1] + "\"", search, space).toString());
            assertEquals(2, run.exit(), run.err());
            assertTrue(run.err().contains("objective.class") && run.err().contains(c[2]) && !run.err().contains("\tat "),
                    run.err());
            assertFalse(Files.exists(dir.resolve("runs/" + c[0] + "/trials")), "no trial ran");
        }
    }

    @Test
    void anExceptionOrNanInEvaluateFailsThatTrialOnly() throws IOException {
        for (String[] c : new String[][]{
                {"throws", TestObjectives.ThrowsAboveHalf.class.getName(), "x too large"},
                {"nan", TestObjectives.NanAboveHalf.class.getName(), "not finite"}}) {
            CliRun run = CliRun.of("sweep", "--config", conf(c[0], "class = \"" + c[1] + "\"",
                    "sampler = grid, parallelism = 2", "x { type = float, low = 0, high = 1, points = 5 }").toString());
            assertEquals(0, run.exit(), run.err());
            List<Map<String, Object>> rows = table(dir.resolve("runs/" + c[0]), "trials");
            assertEquals(5, rows.size());
            for (Map<String, Object> r : rows) {
                boolean bad = (Double) r.get("params_x") > 0.5;
                assertEquals(bad ? "FAILED" : io.sparkhpo.executors.train.RunState.COMPLETE.name(), r.get("state"));
                if (bad) {
                    assertTrue(((String) r.get("error")).contains(c[2]), String.valueOf(r.get("error")));
                    assertEquals(1, r.get("attempts"), "not retried");
                } else {
                    assertNotNull(r.get("objective"));
                }
            }
        }
    }
}
