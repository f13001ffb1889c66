package io.sparkhpo.driver.tables;

import io.sparkhpo.executors.optim.SamSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The end-of-sweep summary: trials ranked by objective (lower is better; trials without one last, by number),
 * one line each, as a fixed-width text table. In a multi-objective study the trials are ranked by Pareto rank first
 * (the front, rank 0, on top), and a {@code pareto} column shows it; a study with SAM trials gets a {@code rho}
 * column.
 */
public final class RankedTable {

    private RankedTable() {
    }

    /** @param trialRows rows of the trials table, as {@link StudyTables#trialRow} made them */
    public static String render(List<Map<String, Object>> trialRows) {
        List<Map<String, Object>> rows = new ArrayList<>(trialRows);
        boolean pareto = rows.stream().anyMatch(r -> r.get(StudyTables.PARETO_RANK) != null);
        rows.sort(Comparator.<Map<String, Object>>comparingInt(r -> r.get(StudyTables.PARETO_RANK) == null
                        ? Integer.MAX_VALUE : (Integer) r.get(StudyTables.PARETO_RANK))
                .thenComparingDouble(r -> r.get("objective") == null ? Double.POSITIVE_INFINITY : (Double) r.get("objective"))
                .thenComparingInt(r -> (Integer) r.get("trial")));
        boolean sam = rows.stream().anyMatch(r -> r.get(SamSpec.RHO) != null);
        StringBuilder sb = new StringBuilder();
        String fmt = "%4s  %5s  %-8s  %-10s  %-12s  %9s  %9s" + (sam ? "  %9s" : "%s") + "  %10s  %10s  %6s  %8s"
                + (pareto ? "  %6s%n" : "%s%n");
        sb.append(String.format(fmt, "rank", "trial", "state", "optimizer", "decay_mode", "lr", "wd", sam ? "rho" : "",
                "final_err", "best_err", "epochs", "seconds", pareto ? "pareto" : ""));
        int rank = 0;
        for (Map<String, Object> r : rows) {
            rank++;
            sb.append(String.format(fmt, rank, r.get("trial"), r.get("state"), r.get("optimizer_label"),
                    r.get("weight_decay_mode"), sci((Double) r.get("lr")), sci((Double) r.get("weight_decay")),
                    sam ? sci((Double) r.get(SamSpec.RHO)) : "",
                    fixed((Double) r.get("final_test_error")), fixed((Double) r.get("best_test_error")),
                    r.get("epochs_run") + "/" + r.get("epochs"), String.format("%.1f", (Double) r.get("wall_seconds")),
                    !pareto ? "" : r.get(StudyTables.PARETO_RANK) == null ? "-" : r.get(StudyTables.PARETO_RANK)));
        }
        return sb.toString();
    }

    private static String sci(Double v) {
        return v == null ? "-" : String.format("%.2e", v);
    }

    private static String fixed(Double v) {
        return v == null ? "-" : String.format("%.4f", v);
    }
}
