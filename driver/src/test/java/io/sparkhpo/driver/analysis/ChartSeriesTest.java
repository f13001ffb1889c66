package io.sparkhpo.driver.analysis;

import io.sparkhpo.driver.tables.EpochRecord;
import io.sparkhpo.driver.tables.TrialRecord;
import io.sparkhpo.executors.train.RunState;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The series both the report (XChart) and the dashboard (ECharts, {@link ChartData}'s JSON) draw, computed by
 * {@link ChartSeries} from small tables of rows (as {@link TrialRecord}s and {@link EpochRecord}s), and the report's
 * plots drawing exactly them.
 */
class ChartSeriesTest {

    private static final String COMPLETE = RunState.COMPLETE.name();
    private static final String FAILED = RunState.FAILED.name();

    static final String TWO = "final_test_error:minimize,wall_seconds:minimize";

    /** A row of column names and values, nulls allowed. */
    static Map<String, Object> row(Object... namesAndValues) {
        Map<String, Object> r = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            r.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return r;
    }

    static Map<String, Object> trial(int n, String state, Double error, Double seconds, Integer rank, String objectives) {
        return row("study", "s", "trial", n, "state", state, "objective", error, "objectives", objectives,
                "final_test_error", error, "wall_seconds", seconds, "pareto_rank", rank, "params", "{\"lr\":" + 0.01 * (n + 1) + "}");
    }

    /** Trial {@code trial}'s epochs rows: test error {@code 1 / (epoch + 2)}, lr {@code 0.1 / (epoch + 1)}. */
    static List<EpochRecord> epochs(int trial, int count) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int e = 0; e < count; e++) {
            out.add(row("trial", trial, "epoch", e, "lr", 0.1 / (e + 1), "weight_decay", 1e-4, "test_error", 1.0 / (e + 2)));
        }
        return EpochRecord.all(out);
    }

    /** A two-objective table: a front of trials 0 and 1, trial 2 ranked 1, 3 failed, 4 without wall seconds, 5 unranked. */
    static List<TrialRecord> twoObjectives() {
        return TrialRecord.all(List.of(trial(0, COMPLETE, 0.30, 10.0, 0, TWO), trial(1, COMPLETE, 0.20, 30.0, 0, TWO),
                trial(2, COMPLETE, 0.40, 40.0, 1, TWO), trial(3, FAILED, null, 5.0, null, TWO),
                trial(4, COMPLETE, 0.25, Double.NaN, null, TWO), trial(5, COMPLETE, 0.35, 20.0, null, TWO)));
    }

    @Test
    void aLineIsTheTrialsValuesByEpochOrByStep() {
        Map<Integer, List<EpochRecord>> epochs = Map.of(0, epochs(0, 3));
        ChartSeries.Line error = ChartSeries.line(epochs, 0, ChartSeries.TEST_ERROR, false);
        assertEquals(List.of(1, 2, 3), error.x(), "1-based epochs");
        assertEquals(List.of(1.0 / 2, 1.0 / 3, 1.0 / 4), error.y());
        assertEquals(List.of(0.1, 0.05, 0.1 / 3), ChartSeries.line(epochs, 0, "lr", false).y());
        assertTrue(ChartSeries.line(epochs, 7, "lr", false).isEmpty(), "a trial without epochs");
        assertArrayEquals(new Object[]{2, 1.0 / 3}, error.points().get(1));

        List<Map<String, Object>> reports = new ArrayList<>();
        for (int step = 1; step <= 2; step++) {
            reports.add(row("trial", 4, "step", step * 10, "value", 3.0 - step, "params", "{\"lr\":" + 0.2 * step + "}"));
        }
        Map<Integer, List<EpochRecord>> user = Map.of(4, EpochRecord.all(reports));
        ChartSeries.Line value = ChartSeries.line(user, 4, ChartSeries.TEST_ERROR, true);
        assertEquals(List.of(10, 20), value.x(), "a user objective's steps");
        assertEquals(List.of(2.0, 1.0), value.y(), "its reported values");
        assertEquals(List.of(0.2, 0.4), ChartSeries.line(user, 4, "lr", true).y(), "the values in force");
        assertEquals(Arrays.asList(null, null), ChartSeries.line(user, 4, "weight_decay", true).y(), "a parameter it lacks");
    }

    @Test
    void theParetoSplitIsTheRankedFrontAndTheOtherCompletedTrials() {
        ChartSeries.Pareto p = ChartSeries.pareto(twoObjectives());
        assertEquals(List.of("final_test_error:minimize", "wall_seconds:minimize"), p.objectives());
        assertEquals(List.of(0, 1), p.front().stream().map(ChartSeries.Pareto.Point::trial).toList(), "rank 0, by trial");
        assertEquals(List.of(1, 0), p.frontAlongX().stream().map(ChartSeries.Pareto.Point::trial).toList(), "by the first objective");
        assertEquals(List.of(2, 5), p.rest().stream().map(ChartSeries.Pareto.Point::trial).toList(),
                "not failed trial 3, nor trial 4 without a finite wall_seconds");
        assertEquals(List.of(0.20, 30.0), p.front().get(1).values());
        assertNull(p.rest().get(1).rank());
        assertEquals(4, p.total());
        assertEquals("wall_seconds (minimize)", p.axis(1));
        assertEquals("final_test_error", p.name(0));

        Map<String, Object> json = ChartData.pareto(twoObjectives());
        @SuppressWarnings("unchecked")
        List<Object[]> points = (List<Object[]>) json.get("points");
        assertArrayEquals(new Object[]{0.30, 10.0, 0, 0}, points.get(0));
        assertArrayEquals(new Object[]{0.35, 20.0, null, 5}, points.get(3));
        assertEquals(4, json.get("total"));

        List<TrialRecord> one = List.of(TrialRecord.of(trial(0, COMPLETE, 0.3, 1.0, 0, "final_test_error:minimize")));
        assertEquals(List.of(), ChartSeries.pareto(one).objectives(), "one objective: no front");
        assertEquals(List.of(), ChartData.pareto(one).get("points"));
    }

    @Test
    void aLargeParetoSendsTheWholeFrontAndSamplesTheRest() {
        List<TrialRecord> rows = new ArrayList<>();
        int n = ChartData.MAX_POINTS + 100;
        for (int i = 0; i < n; i++) {
            rows.add(TrialRecord.of(trial(i, COMPLETE, 1.0 / (i + 1), (double) i, i % 500 == 7 ? 0 : 1, TWO)));
        }
        Map<String, Object> json = ChartData.pareto(rows);
        @SuppressWarnings("unchecked")
        List<Object[]> points = (List<Object[]>) json.get("points");
        long front = rows.stream().filter(r -> Integer.valueOf(0).equals(r.get("pareto_rank"))).count();
        assertEquals(ChartData.MAX_POINTS, points.size());
        assertEquals(front, points.stream().filter(p -> Integer.valueOf(0).equals(p[2])).count(), "every front point");
        assertEquals(n, json.get("total"));
    }

    @Test
    void aUserObjectivesParetoReadsItsValues() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Map<String, Object> r = trial(i, COMPLETE, null, null, i == 1 ? 0 : 2, "error:minimize,cost:maximize");
            r.put("objective_class", "my.Objective");
            r.put("values", i == 3 ? Map.of("error", 0.5) : Map.of("error", 0.1 * i, "cost", 10.0 - i));
            rows.add(r);
        }
        ChartSeries.Pareto p = ChartSeries.pareto(TrialRecord.all(rows));
        assertEquals(List.of("error:minimize", "cost:maximize"), p.objectives());
        assertEquals(List.of(0.1, 9.0), p.front().get(0).values());
        assertEquals(List.of(0, 2), p.rest().stream().map(ChartSeries.Pareto.Point::trial).toList(), "trial 3 lacks its cost");
        assertEquals("cost (maximize)", p.axis(1));
    }

    /** Five members (3 failed), exploits given out of order. */
    static List<TrialRecord> population(String objectives) {
        double[] objective = {0.1, 0.9, 0.5, Double.NaN, 0.7};
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < objective.length; i++) {
            boolean failed = Double.isNaN(objective[i]);
            rows.add(trial(i, failed ? FAILED : COMPLETE, failed ? null : objective[i], 1.0, null, objectives));
        }
        return TrialRecord.all(rows);
    }

    static List<Map<String, Object>> exploits() {
        return List.of(exploit(2, 1, 4), exploit(1, 0, 3), exploit(2, 1, 0));
    }

    static Map<String, Object> exploit(int epoch, int source, int target) {
        return Map.of("epoch", epoch, "source", source, "target", target);
    }

    static Map<Integer, List<EpochRecord>> populationEpochs() {
        Map<Integer, List<EpochRecord>> e = new TreeMap<>();
        for (int i = 0; i < 5; i++) {
            if (i != 3) {
                e.put(i, epochs(i, i + 1));
            }
        }
        return e;
    }

    @Test
    void aPbtPopulationIsItsBestMembersByNumberAndItsExploitsByEpochAndTarget() {
        ChartSeries.Pbt min = ChartSeries.pbt(population("final_test_error:minimize"), populationEpochs(), exploits(), 2);
        assertEquals(List.of(0, 2), min.members().stream().map(ChartSeries.Member::trial).toList(), "the two lowest errors");
        ChartSeries.Pbt max = ChartSeries.pbt(population("final_test_error:maximize"), populationEpochs(), exploits(), 2);
        assertEquals(List.of(1, 4), max.members().stream().map(ChartSeries.Member::trial).toList(), "maximized: the two highest");
        ChartSeries.Pbt all = ChartSeries.pbt(population("final_test_error:minimize"), populationEpochs(), exploits(), 64);
        assertEquals(List.of(0, 1, 2, 3, 4), all.members().stream().map(ChartSeries.Member::trial).toList());
        ChartSeries.Member two = all.members().get(2);
        assertEquals(ChartSeries.line(populationEpochs(), 2, "lr", false), two.lr());
        assertEquals(List.of(1.0 / 2, 1.0 / 3, 1.0 / 4), two.testError().y());
        assertTrue(all.members().get(3).testError().isEmpty(), "member 3 has no epochs");
        assertEquals(List.of(new ChartSeries.Exploit(1, 0, 3), new ChartSeries.Exploit(2, 1, 0), new ChartSeries.Exploit(2, 1, 4)),
                all.exploits());
        List<Double> x = all.exploitX();
        assertEquals(1.0, x.get(0), 1e-12);
        assertEquals(2.0, x.get(1), 1e-12);
        assertEquals(2 + ChartSeries.Pbt.SIDE_BY_SIDE, x.get(2), 1e-12, "side by side at one boundary");

        Map<String, Object> json = ChartData.pbt(population("final_test_error:minimize"), populationEpochs(), exploits());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> members = (List<Map<String, Object>>) json.get("members");
        assertEquals(5, members.size());
        @SuppressWarnings("unchecked")
        List<Object[]> lr = (List<Object[]>) members.get(1).get("lr");
        assertArrayEquals(new Object[]{2, 0.05}, lr.get(1));
        @SuppressWarnings("unchecked")
        List<Object[]> links = (List<Object[]>) json.get("exploits");
        assertArrayEquals(new Object[]{2, 1, 0}, links.get(1));
        assertEquals(List.of(), ChartData.pbt(population(TWO), populationEpochs(), null).get("members"), "not a PBT study");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theCurvesAreTheBestTrialsSampledWithTheirColourValue() {
        List<TrialRecord> rows = population("final_test_error:minimize");
        Map<Integer, List<EpochRecord>> e = populationEpochs();
        e.put(2, epochs(2, 250));
        Map<String, Object> json = ChartData.curves(rows, e, "lr");
        List<Map<String, Object>> curves = (List<Map<String, Object>>) json.get("curves");
        assertEquals(List.of(0, 2, 4, 1), curves.stream().map(c -> c.get("trial")).toList(), "completed, best first");
        assertEquals(4L, json.get("of"));
        assertEquals(0.03, (Double) curves.get(1).get("value"), 1e-12, "trial 2's lr");
        List<Object[]> points = (List<Object[]>) curves.get(1).get("points");
        assertEquals(ChartData.MAX_CURVE_POINTS, points.size(), "250 epochs sampled");
        assertArrayEquals(new Object[]{250, 1.0 / 251}, points.get(points.size() - 1));
        assertNull(((List<Map<String, Object>>) ChartData.curves(rows, e, "").get("curves")).get(0).get("value"));
    }

    @Test
    void theReportDrawsTheParetoSeries() {
        List<TrialRecord> rows = twoObjectives();
        Analysis.Study study = new Analysis.Study("s", rows(rows), List.of(), Map.of(), Optional.empty());
        Plot plot = ParetoFront.draw(study).orElseThrow();
        XYChart chart = (XYChart) plot.charts().get(0);
        ChartSeries.Pareto p = ChartSeries.pareto(rows);
        assertEquals("Pareto front: 2 of 4 completed trials", chart.getTitle());
        assertSeries(chart.getSeriesMap().get("dominated"), p.rest().stream().map(ChartSeries.Pareto.Point::x).toList(),
                p.rest().stream().map(ChartSeries.Pareto.Point::y).toList());
        assertSeries(chart.getSeriesMap().get("Pareto front (rank 0)"), List.of(0.20, 0.30), List.of(30.0, 10.0));
        assertTrue(plot.appendixHtml().indexOf("<td>1</td>") < plot.appendixHtml().indexOf("<td>0</td>"), plot.appendixHtml());
    }

    @Test
    void theReportDrawsThePbtSeries() {
        List<TrialRecord> trials = population("final_test_error:minimize");
        Analysis.Study study = new Analysis.Study("s", rows(trials), List.of(), populationEpochs(), Optional.of(exploits()));
        Plot plot = PbtPlots.draw(study).orElseThrow();
        ChartSeries.Pbt p = ChartSeries.pbt(trials, populationEpochs(), exploits(), Integer.MAX_VALUE);
        XYChart lr = (XYChart) plot.charts().get(0);
        assertEquals(List.of("member 0", "member 1", "member 2", "member 4"), List.copyOf(lr.getSeriesMap().keySet()),
                "the members with epochs");
        ChartSeries.Line four = p.members().get(4).lr();
        assertSeries(lr.getSeriesMap().get("member 4"), four.x(), four.y());
        XYChart lineage = (XYChart) plot.charts().get(3);
        for (int i = 0; i < p.exploits().size(); i++) {
            ChartSeries.Exploit x = p.exploits().get(i);
            assertSeries(lineage.getSeriesMap().get("exploit " + i), List.of(p.exploitX().get(i), p.exploitX().get(i)),
                    List.of(x.source(), x.target()));
        }
        assertEquals(PbtPlots.draw(new Analysis.Study("s", rows(trials), List.of(), populationEpochs(), Optional.empty())),
                Optional.empty(), "not a PBT study");
    }

    private static void assertSeries(XYSeries s, List<? extends Number> x, List<? extends Number> y) {
        assertArrayEquals(x.stream().mapToDouble(Number::doubleValue).toArray(), s.getXData(), 0, s.getName());
        assertArrayEquals(y.stream().mapToDouble(Number::doubleValue).toArray(), s.getYData(), 0, s.getName());
    }

    /** The trials as a table reader gives them: every column of any row in each, null where unset. */
    static List<TrialRecord> rows(List<TrialRecord> trials) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        trials.forEach(t -> names.addAll(new java.util.TreeSet<>(t.columns())));
        return trials.stream().map(t -> {
            Map<String, Object> r = new java.util.LinkedHashMap<>();
            names.forEach(c -> r.put(c, t.get(c)));
            return TrialRecord.of(r);
        }).toList();
    }
}
