package io.sparkhpo.driver.dashboard;

import io.sparkhpo.driver.cli.CliRun;
import io.sparkhpo.driver.objective.TestObjectives;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard's views of user objectives' studies, made by real sweeps and read without Spark: the trials table
 * with the user's attributes, learning curves from the reports (step, value), the metrics map of each report, the
 * Pareto front of a two-objective study, and a PBT population.
 */
class UserObjectiveViewsTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void sweeps() throws IOException {
        sweep("curve", TestObjectives.Curve.class, "max_steps = 4, params { steps = 4, sleep_ms = 0 }",
                "sampler = random, trials = 6, parallelism = 2, seed = 1, direction = maximize",
                "x { type = float, low = -1, high = 1 }");
        sweep("two", TestObjectives.Two.class, "", "sampler = random, trials = 10, parallelism = 2, seed = 2, "
                + "objectives = [error, cost], directions = [minimize, minimize]", "x { type = float, low = 0, high = 1 }");
        sweep("pbt", TestObjectives.Climb.class, "max_steps = 6, params { steps = 6, sleep_ms = 5 }",
                "sampler = grid, parallelism = 2, strategy = pbt, pbt { population = 4, perturbation_interval = 2, "
                        + "mutations = [lr], synchronous = true }", "lr { type = float, low = 0.01, high = 1, log = true, points = 4 }");
    }

    private static void sweep(String name, Class<?> objective, String extra, String search, String space) throws IOException {
        Path c = Files.writeString(dir.resolve(name + ".conf"), "study { name = " + name + ", output = \"" + dir + "\" }\n"
                + "spark { ui.enabled = false }\n"
                + "objective { class = \"" + objective.getName() + "\", " + extra + " }\n"
                + "search { " + search + " }\nspace { " + space + " }\n");
        CliRun run = CliRun.of("sweep", "--config", c.toString());
        assertEquals(0, run.exit(), run.err());
    }

    private static StudySource.Snapshot study(String name) {
        return new StudySource("0", dir.resolve(name).toString(), new Configuration(), List::of).snapshot();
    }

    @Test
    void trialsCurvesAndTheBestFollowTheUsersObjective() {
        StudySource.Snapshot s = study("curve");
        assertTrue(s.problems().isEmpty(), String.valueOf(s.problems()));
        Map<String, Object> page = StudyViews.trials(s, Query.parse("sort=objective&desc=true"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) page.get("rows");
        assertEquals(6, rows.size());
        assertTrue(((List<?>) page.get("columns")).containsAll(List.of("user_attrs", "steps", "x")), page.toString());
        assertTrue(String.valueOf(rows.get(0).get("user_attrs")).contains("started_at"));
        double top = (Double) rows.get(0).get("objective");
        @SuppressWarnings("unchecked")
        Map<String, Object> best = (Map<String, Object>) StudyViews.overview(s).get("best");
        assertEquals(top, (Double) best.get("objective"), 0, "the best of a maximized study is its largest value");

        Map<String, Object> curves = AnalysisViews.curves(s, "x");
        List<?> list = (List<?>) curves.get("curves");
        assertEquals(6, list.size());
        @SuppressWarnings("unchecked")
        List<Object[]> points = (List<Object[]>) ((Map<String, Object>) list.get(0)).get("points");
        assertEquals(4, points.size(), "one point per report");
        assertEquals(1, points.get(0)[0], "x is the step");

        int trial = (Integer) rows.get(0).get("trial");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> epochs = (List<Map<String, Object>>) StudyViews.trial(s, trial).orElseThrow().get("epochs");
        assertEquals(4, epochs.size());
        @SuppressWarnings("unchecked")
        Map<String, Object> metrics = (Map<String, Object>) epochs.get(0).get("metrics");
        assertNotNull(metrics, "the user's metrics, read without Spark: " + epochs.get(0));
        assertEquals(2 * (Double) epochs.get(0).get("value"), (Double) metrics.get("loss"), 1e-12);
        assertEquals(List.of(), AnalysisViews.heatmaps(s).get("slices"), "no separability slices without the network's columns");
    }

    @Test
    void aTwoObjectiveStudyShowsItsFront() {
        Map<String, Object> pareto = AnalysisViews.pareto(study("two"));
        assertEquals(List.of("error:minimize", "cost:minimize"), pareto.get("objectives_list"));
        assertEquals(10, pareto.get("total"));
        List<?> points = (List<?>) pareto.get("points");
        assertFalse(points.isEmpty());
        assertTrue(points.stream().anyMatch(p -> Integer.valueOf(0).equals(((Object[]) p)[2])), "front points ranked 0");
    }

    @Test
    void aPbtPopulationShowsItsMembersAndExploits() {
        Map<String, Object> pbt = AnalysisViews.pbt(study("pbt"));
        List<?> members = (List<?>) pbt.get("members");
        assertEquals(4, members.size());
        @SuppressWarnings("unchecked")
        List<Object[]> lr = (List<Object[]>) ((Map<String, Object>) members.get(0)).get("lr");
        assertEquals(6, lr.size());
        assertTrue(lr.stream().allMatch(p -> p[1] instanceof Double), "the learning rate in force at each step");
        assertFalse(((List<?>) pbt.get("exploits")).isEmpty());
    }
}
