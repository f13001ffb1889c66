package io.sparkhpo.driver.tables;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The end-of-sweep summary: trials ranked by objective (lower is better; trials without one last, by number),
 * one line each, as a fixed-width text table.
 */
public final class RankedTable {

    private RankedTable() {
    }

    /** @param trialRows rows of the trials table, as {@link StudyTables#trialRow} made them */
    public static String render(List<Map<String, Object>> trialRows) {
        List<Map<String, Object>> rows = new ArrayList<>(trialRows);
        rows.sort(Comparator.<Map<String, Object>>comparingDouble(r -> r.get("objective") == null
                        ? Double.POSITIVE_INFINITY : (Double) r.get("objective"))
                .thenComparingInt(r -> (Integer) r.get("trial")));
        StringBuilder sb = new StringBuilder();
        String fmt = "%4s  %5s  %-8s  %-10s  %-12s  %9s  %9s  %10s  %10s  %6s  %8s%n";
        sb.append(String.format(fmt, "rank", "trial", "state", "optimizer", "decay_mode", "lr", "wd",
                "final_err", "best_err", "epochs", "seconds"));
        int rank = 0;
        for (Map<String, Object> r : rows) {
            rank++;
            sb.append(String.format(fmt, rank, r.get("trial"), r.get("state"), r.get("optimizer_label"),
                    r.get("weight_decay_mode"), sci((Double) r.get("lr")), sci((Double) r.get("weight_decay")),
                    fixed((Double) r.get("final_test_error")), fixed((Double) r.get("best_test_error")),
                    r.get("epochs_run") + "/" + r.get("epochs"), String.format("%.1f", (Double) r.get("wall_seconds"))));
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
