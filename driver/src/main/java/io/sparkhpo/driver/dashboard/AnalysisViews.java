package io.sparkhpo.driver.dashboard;

import io.sparkhpo.driver.analysis.ChartData;
import io.sparkhpo.driver.tables.Objective;
import io.sparkhpo.driver.tables.Objectives;
import io.sparkhpo.driver.tables.StudyTables;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's views that come from the analysis library, so the page shows what {@code analyze} measures: each
 * slice's separability heatmap with its measures and functional-ANOVA importances (on the slice's α × λ grid or
 * fitted surface, not on a random forest), learning curves coloured by a parameter, and the Pareto front.
 */
final class AnalysisViews {

    /** The most trials whose learning curves are sent (the best by objective), and points per curve. */
    static final int MAX_CURVES = 200;
    static final int MAX_CURVE_POINTS = 100;

    private AnalysisViews() {
    }

    /** Each slice's heatmap, measures and importances ({@link ChartData#heatmaps}) under the study's header. */
    static Map<String, Object> heatmaps(StudySource.Snapshot s) {
        Map<String, Object> o = StudyViews.header(s);
        if (ChartData.userObjective(s.trials())) {
            o.put("slices", List.of()); // the separability analysis reads the built-in network's columns
            return o;
        }
        o.putAll(ChartData.heatmaps(s.trials()));
        return o;
    }

    /** Test error per epoch of the best {@link #MAX_CURVES} completed trials, each with the value of {@code colour}. */
    static Map<String, Object> curves(StudySource.Snapshot s, String colour) {
        List<String> names = StudyViews.paramNames(s);
        if (!colour.isEmpty() && !names.contains(colour)) {
            throw new IllegalArgumentException("color: no parameter '" + colour + "' (parameters: " + names + ")");
        }
        double sign = ChartData.sign(s.trials());
        boolean user = ChartData.userObjective(s.trials());
        List<Map<String, Object>> best = s.trials().stream().filter(ChartData::complete)
                .sorted(Comparator.comparingDouble(r -> sign * ChartData.objective(r))).limit(MAX_CURVES).toList();
        List<Map<String, Object>> curves = new ArrayList<>();
        for (Map<String, Object> r : best) {
            List<Object[]> pts = new ArrayList<>();
            for (Map<String, Object> e : s.epochs().getOrDefault((Integer) r.get("trial"), List.of())) {
                // a user objective's reports: (step, value); the built-in network's epochs: (epoch, test error)
                pts.add(user ? new Object[]{e.get("step"), e.get("value")}
                        : new Object[]{(Integer) e.get("epoch") + 1, e.get("test_error")});
            }
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("trial", r.get("trial"));
            c.put("value", colour.isEmpty() ? null : ChartData.params(r).get(colour));
            c.put("points", ChartData.sample(pts, MAX_CURVE_POINTS));
            curves.add(c);
        }
        Map<String, Object> o = StudyViews.header(s);
        o.put("color", colour);
        o.put("parameters", names);
        o.put("curves", curves);
        o.put("of", s.trials().stream().filter(ChartData::complete).count());
        return o;
    }

    /** A multi-objective study's completed trials in its first two objectives, with their Pareto ranks. */
    static Map<String, Object> pareto(StudySource.Snapshot s) {
        Map<String, Object> o = StudyViews.header(s);
        if (ChartData.userObjective(s.trials())) {
            return userPareto(s, o);
        }
        List<Objective> objectives = StudyViews.objectives(s);
        if (objectives.size() < 2) {
            o.put("objectives_list", List.of());
            o.put("points", List.of());
            return o;
        }
        List<Object[]> front = new ArrayList<>();
        List<Object[]> rest = new ArrayList<>();
        for (Map<String, Object> r : s.trials()) {
            Optional<List<Double>> v = io.sparkhpo.executors.train.RunState.isComplete(r.get("state")) ? Objectives.values(objectives, r) : Optional.empty();
            Object rank = r.get(StudyTables.PARETO_RANK);
            v.ifPresent(x -> (Integer.valueOf(0).equals(rank) ? front : rest).add(new Object[]{x.get(0), x.get(1), rank, r.get("trial")}));
        }
        List<Object[]> points = new ArrayList<>(front); // the front whole, the others sampled
        points.addAll(ChartData.sample(rest, Math.max(0, ChartData.MAX_POINTS - front.size())));
        o.put("objectives_list", objectives.stream().map(Objective::describe).toList());
        o.put("total", front.size() + rest.size());
        o.put("points", points);
        return o;
    }

    /** {@link #pareto} for a user objective's study: its objectives are named in {@code objectives}, valued in {@code values}. */
    private static Map<String, Object> userPareto(StudySource.Snapshot s, Map<String, Object> o) {
        String described = Objectives.described(s.trials()).orElse("");
        List<String> names = java.util.Arrays.stream(described.split(",")).map(d -> d.split(":")[0]).toList();
        List<Object[]> front = new ArrayList<>();
        List<Object[]> rest = new ArrayList<>();
        if (names.size() >= 2) {
            for (Map<String, Object> r : s.trials()) {
                if (io.sparkhpo.executors.train.RunState.isComplete(r.get("state")) && r.get("values") instanceof Map<?, ?> v
                        && v.get(names.get(0)) != null && v.get(names.get(1)) != null) {
                    Object rank = r.get(StudyTables.PARETO_RANK);
                    (Integer.valueOf(0).equals(rank) ? front : rest).add(new Object[]{v.get(names.get(0)),
                            v.get(names.get(1)), rank, r.get("trial")});
                }
            }
        }
        List<Object[]> points = new ArrayList<>(front);
        points.addAll(ChartData.sample(rest, Math.max(0, ChartData.MAX_POINTS - front.size())));
        o.put("objectives_list", names.size() >= 2 ? List.of(described.split(",")) : List.of());
        o.put("total", front.size() + rest.size());
        o.put("points", points);
        return o;
    }

    /** The most PBT members whose curves are sent (the best by objective, then the others by number). */
    static final int MAX_MEMBERS = 64;

    /**
     * A PBT study's population: each member's learning rate, weight decay and test error by epoch (1-based), and the
     * exploits ({@code [epoch, source, target]}). {@code members} is empty for a study that is not PBT.
     */
    static Map<String, Object> pbt(StudySource.Snapshot s) {
        Map<String, Object> o = StudyViews.header(s);
        List<Map<String, Object>> members = new ArrayList<>();
        boolean user = ChartData.userObjective(s.trials());
        if (s.exploits() != null) {
            List<Integer> numbers = s.trials().stream().sorted(Comparator.comparingDouble(r -> ChartData.complete(r)
                    ? ChartData.objective(r) : Double.POSITIVE_INFINITY)).map(r -> (Integer) r.get("trial")).limit(MAX_MEMBERS)
                    .sorted().toList();
            for (Integer n : numbers) {
                List<Object[]> lr = new ArrayList<>();
                List<Object[]> wd = new ArrayList<>();
                List<Object[]> error = new ArrayList<>();
                for (Map<String, Object> e : s.epochs().getOrDefault(n, List.of())) {
                    // a user objective's report: its step, the mutated values in force (params), its value
                    Map<String, Object> p = user ? ChartData.params(e) : e;
                    int x = user ? (Integer) e.get("step") : (Integer) e.get("epoch") + 1;
                    lr.add(new Object[]{x, p.get("lr")});
                    wd.add(new Object[]{x, p.get("weight_decay")});
                    error.add(new Object[]{x, e.get(user ? "value" : "test_error")});
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("trial", n);
                m.put("lr", lr);
                m.put("weight_decay", wd);
                m.put("test_error", error);
                members.add(m);
            }
        }
        List<Object[]> exploits = new ArrayList<>();
        for (Map<String, Object> x : s.exploits() == null ? List.<Map<String, Object>>of() : s.exploits()) {
            exploits.add(new Object[]{x.get("epoch"), x.get("source"), x.get("target")});
        }
        exploits.sort(Comparator.comparingInt(x -> (Integer) x[0]));
        o.put("members", members);
        o.put("exploits", exploits);
        o.put("of", s.trials().size());
        return o;
    }
}
