package io.sparkhpo.driver.sweep;

import io.sparkhpo.driver.tables.ParetoRanks;
import io.sparkhpo.driver.tables.Objective;
import io.sparkhpo.driver.cli.CliRun;
import io.sparkhpo.driver.config.SweepConfig;
import io.sparkhpo.driver.tables.ParquetTableWriter;
import io.sparkhpo.driver.tables.StudyTables;
import io.sparkhpo.executors.data.TestData;
import io.sparkhpo.search.trial.Direction;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code search.objectives} through the CLI: an NSGA-II sweep of test error against wall time writes each completed
 * trial's Pareto rank, which a check written here from the definition confirms (no rank-0 trial is dominated by any
 * other; every other trial is dominated by one of the rank below it); the report draws the front; {@code analyze}
 * mends a rank left stale.
 */
class MultiObjectiveSweepTest {

    @TempDir
    Path dir;

    static List<Map<String, Object>> trials(Path study) {
        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
        try {
            return StudyTables.maps(spark.read().parquet(study.resolve("trials").toString()).orderBy("trial").collectAsList());
        } finally {
            spark.stop();
        }
    }

    /** Whether {@code a} dominates {@code b} when both objectives are minimized: as good in both, better in one. */
    static boolean dominates(Map<String, Object> a, Map<String, Object> b) {
        double ea = (Double) a.get("final_test_error");
        double eb = (Double) b.get("final_test_error");
        double sa = (Double) a.get("wall_seconds");
        double sb = (Double) b.get("wall_seconds");
        return ea <= eb && sa <= sb && (ea < eb || sa < sb);
    }

    @Test
    void paretoRanksAreWrittenCheckedDrawnAndMended() throws IOException {
        Path cifar = TestData.writeCifar10(dir.resolve("cifar"), 60, 120, 5);
        Path conf = Files.writeString(dir.resolve("mo.conf"), "study { name = mo, output = \"" + dir.resolve("runs") + "\" }\n"
                + "spark { ui.enabled = false }\n"
                + "data { name = cifar10, path = \"" + cifar + "\", train_size = 200, test_size = 100 }\n"
                + "model { width = 2 }\n"
                + "training { engine = djl, epochs = 1, seed = 3 }\n"
                + "optimizer { name = adam }\n"
                + "search { sampler = nsga2, population_size = 4, trials = 8, parallelism = 2, seed = 5,\n"
                + "  objectives = [final_test_error, wall_seconds], directions = [minimize, minimize] }\n"
                + "space { lr { type = float, low = 1e-3, high = 1e-1, log = true },\n"
                + "  batch_size { type = int, low = 10, high = 100, step = 10 } }\n");
        CliRun run = CliRun.of("sweep", "--config", conf.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("pareto"), "the summary ranks by Pareto rank: " + run.out());
        Path study = dir.resolve("runs/mo");
        List<Map<String, Object>> rows = trials(study);
        assertEquals(8, rows.size(), "every trial once, after its row was rewritten with its rank");
        List<Map<String, Object>> done = rows.stream().filter(r -> io.sparkhpo.executors.train.RunState.COMPLETE.name().equals(r.get("state"))).toList();
        assertTrue(done.size() >= 6, "most trials complete: " + rows);
        for (Map<String, Object> r : rows) {
            assertEquals("final_test_error:minimize,wall_seconds:minimize", r.get("objectives"));
            assertEquals(StudyTables.SCHEMA_VERSION, r.get("schema_version"));
            if (io.sparkhpo.executors.train.RunState.COMPLETE.name().equals(r.get("state"))) {
                assertNotNull(r.get("pareto_rank"), "trial " + r.get("trial"));
                assertEquals(r.get("final_test_error"), r.get("objective"), "objective: the first objective");
            } else {
                assertNull(r.get("pareto_rank"), "trial " + r.get("trial"));
            }
        }
        long front = 0;
        for (Map<String, Object> r : done) {
            int rank = (Integer) r.get("pareto_rank");
            if (rank == 0) {
                front++;
                assertTrue(done.stream().noneMatch(o -> dominates(o, r)), "rank-0 trial " + r.get("trial") + " is dominated");
            } else {
                assertTrue(done.stream().anyMatch(o -> (Integer) o.get("pareto_rank") == rank - 1 && dominates(o, r)),
                        "trial " + r.get("trial") + " of rank " + rank + " is dominated by one of rank " + (rank - 1));
                assertTrue(done.stream().noneMatch(o -> (Integer) o.get("pareto_rank") >= rank && dominates(o, r)),
                        "trial " + r.get("trial") + " is dominated only by lower ranks");
            }
        }
        assertTrue(front >= 1);
        assertTrue(run.err().contains("Pareto front of final_test_error:minimize,wall_seconds:minimize: " + front + " of "
                + done.size() + " completed trials"), run.err());
        assertTrue(Files.size(study.resolve("analysis/pareto.png")) > 1000);
        String report = Files.readString(study.resolve("analysis/report.html"));
        assertTrue(report.contains("<h2>Pareto front</h2>") && report.contains("The front's trials"), "the report draws the front");

        // a sweep stopped before analyze leaves ranks unset: analyze mends them
        Map<String, Object> stale = new HashMap<>(done.stream().filter(r -> (Integer) r.get("pareto_rank") == 0).findFirst().orElseThrow());
        stale.put("pareto_rank", null);
        new ParquetTableWriter(study.toString(), new Configuration()).append(StudyTables.TRIALS,
                StudyTables.tag((Integer) stale.get("trial")), List.of(stale));
        CliRun analyze = CliRun.of("analyze", study.toString());
        assertEquals(0, analyze.exit(), analyze.err());
        assertTrue(analyze.err().contains("1 row(s) updated"), analyze.err());
        assertEquals(0, trials(study).stream().filter(r -> r.get("trial").equals(stale.get("trial"))).findFirst()
                .orElseThrow().get("pareto_rank"));

        // the same in a compacted table: the rank is written by rewriting the compacted rows, each row still once
        assertEquals(0, CliRun.of("compact", study.toString()).exit());
        new io.sparkhpo.driver.tables.TableCompactor(study.toString(), new Configuration()).rewrite("trials",
                g -> g.getInteger("trial", 0) == (Integer) stale.get("trial")
                        ? io.sparkhpo.driver.tables.TableCompactor.withInt(g, "pareto_rank", null) : g);
        CliRun mended = CliRun.of("analyze", study.toString());
        assertEquals(0, mended.exit(), mended.err());
        assertTrue(mended.err().contains("1 row(s) updated"), mended.err());
        List<Map<String, Object>> after = trials(study);
        assertEquals(done.size(), after.stream().filter(r -> r.get("pareto_rank") != null).count(), "each ranked row once");
        for (Map<String, Object> r : done) {
            assertEquals(r.get("pareto_rank"), after.stream().filter(o -> o.get("trial").equals(r.get("trial"))).findFirst()
                    .orElseThrow().get("pareto_rank"), "trial " + r.get("trial"));
        }
        try (java.util.stream.Stream<java.nio.file.Path> s = Files.list(study.resolve("trials"))) {
            assertEquals(1, s.filter(p -> p.getFileName().toString().startsWith("part-")).count(), "still one file");
        }
    }

    /** Ranks follow each objective's direction: maximizing the second turns the order of the front around. */
    @Test
    void ranksFollowTheDirections() {
        List<Map<String, Object>> rows = new ArrayList<>();
        double[][] v = {{0.1, 10}, {0.2, 5}, {0.3, 20}, {0.4, 1}};
        for (int i = 0; i < v.length; i++) {
            rows.add(new HashMap<>(Map.of("trial", i, "state", io.sparkhpo.executors.train.RunState.COMPLETE.name(), "final_test_error", v[i][0], "wall_seconds", v[i][1])));
        }
        rows.add(new HashMap<>(Map.of("trial", 4, "state", "PRUNED")));
        ParetoRanks.assign(List.of(new Objective("final_test_error", Direction.MINIMIZE),
                new Objective("wall_seconds", Direction.MINIMIZE)), rows);
        assertEquals(List.of(0, 0, 1, 0), rows.subList(0, 4).stream().map(r -> r.get("pareto_rank")).toList());
        assertNull(rows.get(4).get("pareto_rank"));
        ParetoRanks.assign(List.of(new Objective("final_test_error", Direction.MINIMIZE),
                new Objective("wall_seconds", Direction.MAXIMIZE)), rows);
        assertEquals(List.of(0, 1, 0, 2), rows.subList(0, 4).stream().map(r -> r.get("pareto_rank")).toList());
    }
}
