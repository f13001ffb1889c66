package io.sparkhpo.driver.analysis;

import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups rows of the trials table into slices (one per optimizer as labelled, decay mode and schedule) and measures
 * each: a grid when the trials sit on a product of axis
 * values (at least 3 × 3, at least half of its cells run), else a fitted surface. The error is the final test
 * error of COMPLETE trials, as in the paper's Figure 2; other trials are missing cells.
 */
final class SliceBuilder {

    private SliceBuilder() {
    }

    static List<Slice> slices(List<Row> trials) {
        Map<List<String>, List<Row>> groups = new LinkedHashMap<>();
        List<Row> sorted = new ArrayList<>(trials);
        sorted.sort(java.util.Comparator.comparingInt(r -> r.<Integer>getAs("trial")));
        for (Row r : sorted) {
            // the label tells apart what one rule name covers (Adam and AMSGrad, SAM and ASAM, SAM's bases)
            List<String> key = List.of(r.<String>getAs("optimizer"), r.<String>getAs("optimizer_label"),
                    r.<String>getAs("weight_decay_mode"), r.<String>getAs("schedule_params"));
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        List<Slice> out = new ArrayList<>();
        for (Map.Entry<List<String>, List<Row>> g : groups.entrySet()) {
            out.add(slice(g.getKey(), g.getValue()));
        }
        return out;
    }

    private static Slice slice(List<String> key, List<Row> rows) {
        boolean normalized = rows.stream().anyMatch(r -> r.getAs("weight_decay_norm") != null);
        String axis = normalized ? "weight_decay_norm" : "weight_decay";
        List<Cell> cells = new ArrayList<>();
        int off = 0;
        for (Row r : rows) {
            double lr = r.<Double>getAs("lr");
            Double wd = r.getAs(axis);
            if (wd == null || !(wd > 0) || !(lr > 0)) {
                off++;
                continue;
            }
            Double err = r.getAs("final_test_error");
            boolean ok = "COMPLETE".equals(r.getAs("state")) && err != null;
            cells.add(new Cell(r.<Integer>getAs("trial"), lr, wd, ok ? err : Double.NaN));
        }
        Measures m = isGrid(cells) ? GridSeparability.measure(cells) : SurfaceSeparability.measure(cells);
        return new Slice(key.get(0), key.get(1), key.get(2), key.get(3), axis, cells, off, m);
    }

    /**
     * Whether the cells sit on a grid: at least 3 values on each axis (the fewest that give a ridge slope a standard
     * error) and at least half of the product run. Scattered trials never qualify: n trials with n distinct values
     * on each axis fill n of n² cells.
     */
    static boolean isGrid(List<Cell> cells) {
        if (cells.isEmpty()) {
            return false;
        }
        double[] xs = GridSeparability.axis(cells.stream().map(Cell::log2Lr).toList());
        double[] ys = GridSeparability.axis(cells.stream().map(Cell::log2Wd).toList());
        if (xs.length < 3 || ys.length < 3) {
            return false;
        }
        java.util.Set<Long> pairs = new java.util.HashSet<>();
        for (Cell c : cells) {
            pairs.add((long) GridSeparability.lineOf(xs, c.log2Lr()) * ys.length + GridSeparability.lineOf(ys, c.log2Wd()));
        }
        return pairs.size() * 2 >= xs.length * ys.length;
    }
}
