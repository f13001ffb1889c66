package io.sparkhpo.driver.analysis;

import io.sparkhpo.driver.tables.TrialRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups a study's trials ({@link TrialRecord}s) into slices (one per optimizer as labelled, decay mode and schedule)
 * and measures each: a grid when the trials sit on a product of axis values (at least 3 × 3, at least half of its
 * cells run), else a fitted surface. The error is the final test
 * error of COMPLETE trials, as in the paper's Figure 2; other trials are missing cells.
 */
final class SliceBuilder {

    private SliceBuilder() {
    }

    /** @param trials the study's trials (the report's, read by Spark, and the dashboard's alike) */
    static List<Slice> slices(List<TrialRecord> trials) {
        Map<List<String>, List<TrialRecord>> groups = new LinkedHashMap<>();
        List<TrialRecord> sorted = new ArrayList<>(trials);
        sorted.sort(java.util.Comparator.comparingInt(TrialRecord::number));
        for (TrialRecord r : sorted) {
            // the label tells apart what one rule name covers (Adam and AMSGrad, SAM and ASAM, SAM's bases)
            List<String> key = java.util.Arrays.asList(r.getString("optimizer"), r.getString("optimizer_label"),
                    r.getString("weight_decay_mode"), r.getString("schedule_params"));
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        List<Slice> out = new ArrayList<>();
        for (Map.Entry<List<String>, List<TrialRecord>> g : groups.entrySet()) {
            out.add(slice(g.getKey(), g.getValue()));
        }
        return out;
    }

    private static Slice slice(List<String> key, List<TrialRecord> rows) {
        boolean normalized = rows.stream().anyMatch(r -> r.get("weight_decay_norm") != null);
        String axis = normalized ? "weight_decay_norm" : "weight_decay";
        List<Cell> cells = new ArrayList<>();
        int off = 0;
        for (TrialRecord r : rows) {
            double lr = r.lr();
            Double wd = r.getDouble(axis);
            if (wd == null || !(wd > 0) || !(lr > 0)) {
                off++;
                continue;
            }
            Double err = r.getDouble("final_test_error");
            boolean ok = r.isComplete() && err != null;
            cells.add(new Cell(r.number(), lr, wd, ok ? err : Double.NaN));
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
