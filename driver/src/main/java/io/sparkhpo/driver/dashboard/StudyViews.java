package io.sparkhpo.driver.dashboard;

import io.sparkhpo.driver.analysis.ChartData;
import io.sparkhpo.driver.tables.Objective;
import io.sparkhpo.driver.tables.Objectives;
import io.sparkhpo.driver.tables.EpochRecord;
import io.sparkhpo.driver.tables.TrialRecord;
import io.sparkhpo.search.json.Json;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dashboard's JSON views of a {@link StudySource.Snapshot}, aggregated here on the server so that the page
 * receives at most a few thousand points whatever the study's size: the overview, a page of the trials table, one
 * trial, the optimization history and the points of the parallel-coordinate, slice and contour plots.
 * {@link AnalysisViews} has the heatmaps, importances, learning curves and the Pareto front.
 */
final class StudyViews {

    /** The most rows a page of the trials table holds. */
    static final int MAX_PAGE = 500;
    /** The trials table's columns besides the searched parameters. */
    static final List<String> COLUMNS = List.of("trial", "state", "objective", "pareto_rank", "optimizer_label",
            "weight_decay_mode", "lr", "weight_decay", "batch_size", "epochs_run", "wall_seconds", "executor", "gpu");

    /** The same for a user objective's study (docs/objective.md): its own columns, then its parameters. */
    static final List<String> OBJECTIVE_COLUMNS = List.of("trial", "state", "objective", "pareto_rank", "steps",
            "wall_seconds", "attempts", "executor", "gpu", "user_attrs", "error");

    private StudyViews() {
    }

    static Map<String, Object> overview(StudySource.Snapshot s) {
        Map<String, Object> o = header(s);
        Map<String, Integer> counts = new TreeMap<>();
        s.trials().forEach(r -> counts.merge(String.valueOf(r.stateName()), 1, Integer::sum));
        o.put("counts", counts);
        o.put("finished", s.trials().size());
        o.put("planned", s.planned().isPresent() ? s.planned().getAsInt() : null);
        o.put("warm_start", s.warmStart());
        o.put("running", s.running());
        double sign = ChartData.sign(s.trials());
        s.trials().stream().filter(TrialRecord::hasObjective)
                .min(Comparator.comparingDouble((TrialRecord r) -> sign * r.objective()))
                .ifPresent(b -> o.put("best", Map.of("trial", b.number(), "objective", b.objective(),
                        "params", b.params())));
        List<Instant> times = s.trials().stream().map(TrialRecord::finishedAt).flatMap(java.util.Optional::stream)
                .sorted().toList();
        if (times.size() >= 2) {
            double hours = Duration.between(times.get(0), times.get(times.size() - 1)).toMillis() / 3.6e6;
            double rate = hours > 0 ? (times.size() - 1) / hours : Double.NaN;
            o.put("trials_per_hour", rate);
            if (s.planned().isPresent() && rate > 0) {
                int left = Math.max(0, s.planned().getAsInt() - s.trials().size());
                o.put("eta_seconds", left * 3600.0 / rate);
            }
        }
        return o;
    }

    /**
     * A page of the trials table.
     *
     * @param q {@code state}, {@code sort} (a column or parameter), {@code desc}, {@code offset}, {@code limit} and
     *          {@code filter} ({@code NAME:LOW:HIGH}, either bound may be empty)
     * @throws IllegalArgumentException for a malformed query value, naming it
     */
    static Map<String, Object> trials(StudySource.Snapshot s, Query q) {
        List<String> names = paramNames(s);
        List<String> columns = columns(s);
        String state = q.string("state", "");
        String sort = q.string("sort", "trial");
        if (!columns.contains(sort) && !names.contains(sort)) {
            throw new IllegalArgumentException("sort: no column or parameter '" + sort + "'");
        }
        double[] range = q.filterRange();
        String filtered = q.filterName();
        if (filtered != null && !columns.contains(filtered) && !names.contains(filtered)) {
            throw new IllegalArgumentException("filter: no column or parameter '" + filtered + "'");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (TrialRecord r : s.trials()) {
            Map<String, Object> row = row(r, columns, names);
            if ((!state.isEmpty() && !state.equals(row.get("state"))) || (filtered != null && !inRange(row.get(filtered), range))) {
                continue;
            }
            rows.add(row);
        }
        Comparator<Map<String, Object>> byValue = (a, b) -> compare(a.get(sort), b.get(sort));
        rows.sort(q.bool("desc") ? byValue.reversed() : byValue);
        int offset = q.integer("offset", 0, 0, Integer.MAX_VALUE);
        int limit = q.integer("limit", 50, 1, MAX_PAGE);
        Map<String, Object> o = header(s);
        o.put("total", rows.size());
        o.put("offset", offset);
        o.put("columns", concat(columns, names));
        o.put("rows", rows.subList(Math.min(offset, rows.size()), Math.min(rows.size(), offset + limit)));
        return o;
    }

    /** One trial: every column, its epochs and its attempts; empty when there is no such trial. */
    static java.util.Optional<Map<String, Object>> trial(StudySource.Snapshot s, int number) {
        return s.trials().stream().filter(r -> r.number() == number).findFirst().map(r -> {
            Map<String, Object> o = header(s);
            o.put("row", r.asMap());
            o.put("params", r.params());
            o.put("epochs", s.epochs().getOrDefault(number, List.of()).stream().map(EpochRecord::asMap).toList());
            Object log = r.get("attempt_log");
            o.put("attempts", log instanceof String text ? Json.readList(text) : List.of());
            return o;
        });
    }

    /** The optimization history ({@link ChartData#history}) under the study's header. */
    static Map<String, Object> history(StudySource.Snapshot s) {
        Map<String, Object> o = header(s);
        o.putAll(ChartData.history(s.trials()));
        return o;
    }

    /** The points of the parallel-coordinate, slice and contour plots ({@link ChartData#points}). */
    static Map<String, Object> points(StudySource.Snapshot s) {
        Map<String, Object> o = header(s);
        o.putAll(ChartData.points(s.trials()));
        return o;
    }

    /** The study's id, name, folder, version and problems: the head of every view. */
    static Map<String, Object> header(StudySource.Snapshot s) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", s.id());
        o.put("name", s.name());
        o.put("dir", s.dir());
        o.put("version", s.version());
        o.put("problems", s.problems());
        o.put("objectives", Objectives.described(s.trials()).orElse("objective:minimize"));
        return o;
    }

    /** The objectives a study was told (from its {@code objectives} column; one minimized objective before schema 5). */
    static List<Objective> objectives(StudySource.Snapshot s) {
        return Objectives.of(s.trials());
    }

    /** The searched parameters' names in the study's trials ({@link ChartData#paramNames}). */
    static List<String> paramNames(StudySource.Snapshot s) {
        return ChartData.paramNames(s.trials());
    }

    /** The trials view's columns: the built-in network's, or a user objective's. */
    static List<String> columns(StudySource.Snapshot s) {
        return ChartData.userObjective(s.trials()) ? OBJECTIVE_COLUMNS : COLUMNS;
    }

    private static Map<String, Object> row(TrialRecord r, List<String> columns, List<String> names) {
        Map<String, Object> row = new LinkedHashMap<>();
        columns.forEach(c -> row.put(c, r.get(c)));
        Map<String, Object> p = r.params();
        names.forEach(n -> row.putIfAbsent(n, p.get(n)));
        return row;
    }

    private static boolean inRange(Object v, double[] range) {
        return v instanceof Number n && n.doubleValue() >= range[0] && n.doubleValue() <= range[1];
    }

    /** Nulls last; numbers by value; anything else by its text. */
    @SuppressWarnings("unchecked")
    private static int compare(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        b.stream().filter(x -> !out.contains(x)).forEach(out::add);
        return out;
    }
}
