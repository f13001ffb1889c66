package io.sparkhpo.driver.analysis;

import io.sparkhpo.search.json.Json;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The points of the optimization history, parallel-coordinate, slice, heatmap and importance charts, computed from a
 * study's trials rows (as maps, column name to value) and sampled down to at most {@link #MAX_POINTS} a chart: what
 * the dashboard's JSON API sends and what {@code analyze}'s report embeds, so both draw the same charts from the same
 * numbers (with the same script, {@code charts.js}).
 */
public final class ChartData {

    /** The most points a scatter or parallel-coordinate chart gets; more trials are sampled down to it. */
    public static final int MAX_POINTS = 2000;
    /** ECharts from its WebJar (driver/pom.xml's {@code echarts.version}), bundled at build time. */
    public static final String ECHARTS = "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
    /** The script that draws the charts from these points, in the dashboard and in the report. */
    public static final String CHARTS_JS = "/io/sparkhpo/driver/analysis/charts.js";

    private ChartData() {
    }

    /** Each completed trial's objective by trial number, the best so far, and the others' numbers by state. */
    public static Map<String, Object> history(List<Map<String, Object>> trials) {
        List<Object[]> points = new ArrayList<>();
        List<Object[]> best = new ArrayList<>();
        Map<String, List<Integer>> others = new TreeMap<>();
        double so = Double.POSITIVE_INFINITY;
        for (Map<String, Object> r : trials) {
            if (complete(r)) {
                double v = objective(r);
                points.add(new Object[]{r.get("trial"), v});
                if (v < so) {
                    so = v;
                    best.add(new Object[]{r.get("trial"), v});
                }
            } else {
                others.computeIfAbsent(String.valueOf(r.get("state")), k -> new ArrayList<>()).add((Integer) r.get("trial"));
            }
        }
        if (!best.isEmpty()) {
            best.add(new Object[]{trials.get(trials.size() - 1).get("trial"), so});
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
    public static Map<String, Object> points(List<Map<String, Object>> trials) {
        List<String> names = paramNames(trials);
        List<Map<String, Object>> done = trials.stream().filter(ChartData::complete).toList();
        List<Map<String, Object>> dims = new ArrayList<>();
        for (String n : names) {
            LinkedHashSet<String> categories = new LinkedHashSet<>();
            for (Map<String, Object> r : done) {
                Object v = params(r).get(n);
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
        for (Map<String, Object> r : done) {
            Object[] row = new Object[names.size() + 2];
            Map<String, Object> p = params(r);
            for (int i = 0; i < names.size(); i++) {
                Object v = p.get(names.get(i));
                row[i] = v instanceof Number || v == null ? v : String.valueOf(v);
            }
            row[names.size()] = objective(r);
            row[names.size() + 1] = r.get("trial");
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
    public static Map<String, Object> heatmaps(List<Map<String, Object>> trials) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Slice slice : Analysis.slicesOf(trials)) {
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

    /** Whether the rows are a user objective's study ({@code objective_class}, docs/objective.md). */
    public static boolean userObjective(List<Map<String, Object>> trials) {
        return trials.stream().anyMatch(r -> r.get("objective_class") != null);
    }

    /** 1 when the (first) objective is minimized, −1 when maximized, from the rows' {@code objectives} column. */
    public static double sign(List<Map<String, Object>> trials) {
        return trials.stream().map(r -> r.get("objectives")).filter(String.class::isInstance).findFirst()
                .map(o -> ((String) o).split(",")[0].endsWith(":maximize") ? -1.0 : 1.0).orElse(1.0);
    }

    /** A row that finished with a finite objective. */
    public static boolean complete(Map<String, Object> r) {
        return io.sparkhpo.executors.train.RunState.isComplete(r.get("state")) && r.get("objective") instanceof Double d && Double.isFinite(d);
    }

    public static double objective(Map<String, Object> r) {
        return (Double) r.get("objective");
    }

    /** The row's searched parameters (its {@code params} JSON). */
    public static Map<String, Object> params(Map<String, Object> r) {
        return r.get("params") instanceof String text ? Json.read(text) : Map.of();
    }

    /** The searched parameters' names, in order of first appearance. */
    public static List<String> paramNames(List<Map<String, Object>> trials) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        trials.forEach(r -> names.addAll(params(r).keySet()));
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
