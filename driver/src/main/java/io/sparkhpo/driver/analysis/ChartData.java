package io.sparkhpo.driver.analysis;

import io.sparkhpo.driver.tables.EpochRecord;
import io.sparkhpo.driver.tables.TrialRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The points of the optimization history, parallel-coordinate, slice, heatmap and importance charts, computed from a
 * study's trials ({@link TrialRecord}s, as both readers give them) and sampled down to at most {@link #MAX_POINTS} a
 * chart: what the dashboard's JSON API sends and what {@code analyze}'s report embeds, so both draw the same charts from
 * the same numbers (with the same script, {@code charts.js}). Also the dashboard's JSON of the learning curves, the Pareto
 * front and a PBT population, from the {@link ChartSeries} the report's PNG and SVG plots draw.
 */
public final class ChartData {

    /** The most points a scatter or parallel-coordinate chart gets; more trials are sampled down to it. */
    public static final int MAX_POINTS = 2000;
    /** ECharts from its WebJar (driver/pom.xml's {@code echarts.version}), bundled at build time. */
    public static final String ECHARTS = "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
    /** The script that draws the charts from these points, in the dashboard and in the report. */
    public static final String CHARTS_JS = "/io/sparkhpo/driver/analysis/charts.js";
    /** The most trials whose learning curves are sent (the best by objective), and points per curve. */
    public static final int MAX_CURVES = 200;
    public static final int MAX_CURVE_POINTS = 100;
    /** The most PBT members whose lines are sent (the best by objective, then the others by number). */
    public static final int MAX_MEMBERS = 64;

    private ChartData() {
    }

    /** Each completed trial's objective by trial number, the best so far, and the others' numbers by state. */
    public static Map<String, Object> history(List<TrialRecord> trials) {
        List<Object[]> points = new ArrayList<>();
        List<Object[]> best = new ArrayList<>();
        Map<String, List<Integer>> others = new TreeMap<>();
        double so = Double.POSITIVE_INFINITY;
        for (TrialRecord r : trials) {
            if (r.hasObjective()) {
                double v = r.objective();
                points.add(new Object[]{r.number(), v});
                if (v < so) {
                    so = v;
                    best.add(new Object[]{r.number(), v});
                }
            } else {
                others.computeIfAbsent(String.valueOf(r.stateName()), k -> new ArrayList<>()).add(r.number());
            }
        }
        if (!best.isEmpty()) {
            best.add(new Object[]{trials.get(trials.size() - 1).number(), so});
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("points", sample(points, MAX_POINTS));
        o.put("total", points.size());
        o.put("best", best);
        o.put("others", others);
        return o;
    }

    /**
     * The completed trials' searched parameters and objective, for parallel coordinates, slice and contour plots: one
     * dimension per parameter (numbers, or the categories in order of appearance), sampled to {@link #MAX_POINTS}.
     */
    public static Map<String, Object> points(List<TrialRecord> trials) {
        List<String> names = paramNames(trials);
        List<TrialRecord> done = trials.stream().filter(TrialRecord::hasObjective).toList();
        List<Map<String, Object>> dims = new ArrayList<>();
        for (String n : names) {
            LinkedHashSet<String> categories = new LinkedHashSet<>();
            for (TrialRecord r : done) {
                Object v = r.params().get(n);
                if (v != null && !(v instanceof Number)) {
                    categories.add(String.valueOf(v));
                }
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("name", n);
            d.put("type", categories.isEmpty() ? "value" : "category");
            if (!categories.isEmpty()) {
                d.put("categories", List.copyOf(categories));
            }
            dims.add(d);
        }
        List<Object[]> rows = new ArrayList<>();
        for (TrialRecord r : done) {
            Object[] row = new Object[names.size() + 2];
            Map<String, Object> p = r.params();
            for (int i = 0; i < names.size(); i++) {
                Object v = p.get(names.get(i));
                row[i] = v instanceof Number || v == null ? v : String.valueOf(v);
            }
            row[names.size()] = r.objective();
            row[names.size() + 1] = r.number();
            rows.add(row);
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("dimensions", dims);
        o.put("total", rows.size());
        o.put("rows", sample(rows, MAX_POINTS));
        return o;
    }

    /**
     * Each slice's separability heatmap (its α × λ cells), its measures and its functional-ANOVA importances (on the
     * slice's grid or fitted surface, as {@link Measures} computes them).
     */
    public static Map<String, Object> heatmaps(List<TrialRecord> trials) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Slice slice : Analysis.slices(trials)) {
            Measures m = slice.measures();
            Heatmaps.Grid g = Heatmaps.grid(slice);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("title", slice.title());
            o.put("wd_symbol", slice.wdSymbol());
            o.put("xs", g.xs());
            o.put("ys", g.ys());
            o.put("cells", g.values());
            o.put("trials", slice.cells().size());
            o.put("method", m.method());
            o.put("interaction_share", m.interactionShare());
            o.put("ridge_slope", m.ridgeSlope());
            o.put("ridge_slope_se", m.ridgeSlopeSe());
            o.put("importance", Map.of("lr", m.importanceLr(), "weight_decay", m.importanceWd(),
                    "interaction", m.importanceInteraction()));
            o.put("reading", HtmlReport.reading(m));
            out.add(o);
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("slices", out);
        return o;
    }

    /**
     * The learning curves ({@link ChartSeries#line}: test error per epoch, a user objective's value per step) of the
     * best {@link #MAX_CURVES} completed trials, each sampled to {@link #MAX_CURVE_POINTS} points and with its value of
     * the parameter {@code colour} (none when empty); {@code of}: the completed trials.
     */
    public static Map<String, Object> curves(List<TrialRecord> trials, Map<Integer, List<EpochRecord>> epochs,
                                             String colour) {
        double sign = sign(trials);
        boolean user = userObjective(trials);
        List<TrialRecord> done = trials.stream().filter(TrialRecord::hasObjective).toList();
        List<Map<String, Object>> curves = new ArrayList<>();
        for (TrialRecord r : done.stream().sorted(Comparator.comparingDouble((TrialRecord r) -> sign * r.objective()))
                .limit(MAX_CURVES).toList()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("trial", r.number());
            c.put("value", colour.isEmpty() ? null : r.params().get(colour));
            c.put("points", sample(ChartSeries.line(epochs, r.number(), ChartSeries.TEST_ERROR, user).points(),
                    MAX_CURVE_POINTS));
            curves.add(c);
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("curves", curves);
        o.put("of", (long) done.size());
        return o;
    }

    /**
     * The {@link ChartSeries#pareto} split as points {@code [x, y, rank, trial]} in the first two objectives: the
     * front whole, then the others sampled so that at most {@link #MAX_POINTS} are sent; {@code total}: both before
     * sampling; {@code objectives_list} empty for a study with fewer than two objectives.
     */
    public static Map<String, Object> pareto(List<TrialRecord> trials) {
        ChartSeries.Pareto p = ChartSeries.pareto(trials);
        List<Object[]> points = new ArrayList<>();
        List<ChartSeries.Pareto.Point> rest = sample(p.rest(), Math.max(0, MAX_POINTS - p.front().size()));
        for (ChartSeries.Pareto.Point x : concat(p.front(), rest)) {
            points.add(new Object[]{x.x(), x.y(), x.rank(), x.trial()});
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("objectives_list", p.objectives());
        o.put("total", p.total());
        o.put("points", points);
        return o;
    }

    /**
     * A PBT study's population ({@link ChartSeries#pbt}, at most {@link #MAX_MEMBERS} members): each member's lr,
     * weight decay and test error as {@code [x, y]} points, and the exploits as {@code [epoch, source, target]};
     * {@code exploits} null (the study is not PBT) sends no members.
     */
    public static Map<String, Object> pbt(List<TrialRecord> trials, Map<Integer, List<EpochRecord>> epochs,
                                          List<Map<String, Object>> exploits) {
        List<Map<String, Object>> members = new ArrayList<>();
        List<Object[]> links = new ArrayList<>();
        if (exploits != null) {
            ChartSeries.Pbt p = ChartSeries.pbt(trials, epochs, exploits, MAX_MEMBERS);
            for (ChartSeries.Member m : p.members()) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("trial", m.trial());
                o.put("lr", m.lr().points());
                o.put("weight_decay", m.weightDecay().points());
                o.put("test_error", m.testError().points());
                members.add(o);
            }
            p.exploits().forEach(x -> links.add(new Object[]{x.epoch(), x.source(), x.target()}));
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("members", members);
        o.put("exploits", links);
        o.put("of", trials.size());
        return o;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** Whether the trials are a user objective's study ({@code objective_class}, docs/objective.md). */
    public static boolean userObjective(List<TrialRecord> trials) {
        return trials.stream().anyMatch(TrialRecord::isUserObjective);
    }

    /** 1 when the (first) objective is minimized, −1 when maximized, from the trials' {@code objectives} column. */
    public static double sign(List<TrialRecord> trials) {
        return trials.stream().map(TrialRecord::objectives).flatMap(java.util.Optional::stream).findFirst()
                .map(o -> o.split(",")[0].endsWith(":maximize") ? -1.0 : 1.0).orElse(1.0);
    }

    /** The searched parameters' names, in order of first appearance ({@link TrialRecord#params}). */
    public static List<String> paramNames(List<TrialRecord> trials) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        trials.forEach(r -> names.addAll(r.params().keySet()));
        return List.copyOf(names);
    }

    /** Every {@code k}-th of {@code all} so that at most {@code max} remain (the first and last kept). */
    public static <T> List<T> sample(List<T> all, int max) {
        if (all.size() <= max) {
            return all;
        }
        if (max <= 1) {
            return max == 1 ? List.of(all.get(0)) : List.of();
        }
        List<T> out = new ArrayList<>();
        double step = (all.size() - 1) / (double) (max - 1);
        for (int i = 0; i < max; i++) {
            out.add(all.get((int) Math.round(i * step)));
        }
        return out;
    }

    /** The value with NaN and infinities as null, instants as ISO text, arrays as lists: what browsers' JSON reads. */
    public static Object jsonSafe(Object v) {
        if (v instanceof Double d) {
            return Double.isFinite(d) ? d : null;
        }
        if (v instanceof Instant i) {
            return i.toString();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), jsonSafe(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(jsonSafe(x)));
            return out;
        }
        if (v instanceof Object[] a) {
            List<Object> out = new ArrayList<>(a.length);
            for (Object x : a) {
                out.add(jsonSafe(x));
            }
            return out;
        }
        return v;
    }
}
