package io.sparkhpo.driver.objective;

import io.sparkhpo.driver.config.ObjectiveSweepConfig;
import io.sparkhpo.search.trial.Direction;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ranked summary a user objective's sweep prints: completed trials best first (by the first objective in its
 * direction; by Pareto rank, then the first objective, for several), then pruned, then failed; each parameter and
 * objective in its own column.
 */
public final class ObjectiveTable {

    private ObjectiveTable() {
    }

    public static String render(ObjectiveSweepConfig cfg, List<Map<String, Object>> rows) {
        List<String> params = new ArrayList<>(cfg.space().params().keySet());
        boolean multi = cfg.names().size() > 1;
        double sign = cfg.search().directions().get(0) == Direction.MAXIMIZE ? -1 : 1;
        List<Map<String, Object>> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.<Map<String, Object>>comparingInt(r -> stateOrder((String) r.get("state")))
                .thenComparingInt(r -> r.get("pareto_rank") instanceof Integer i ? i : Integer.MAX_VALUE)
                .thenComparingDouble(r -> r.get("objective") instanceof Double d ? sign * d : Double.POSITIVE_INFINITY)
                .thenComparingInt(r -> (Integer) r.get("trial")));
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%4s  %5s  %-8s", "rank", "trial", "state"));
        for (String n : cfg.names()) {
            b.append(String.format(Locale.ROOT, "  %12s", n));
        }
        if (multi) {
            b.append(String.format(Locale.ROOT, "  %6s", "pareto"));
        }
        for (String p : params) {
            b.append(String.format(Locale.ROOT, "  %12s", p));
        }
        b.append(String.format(Locale.ROOT, "  %6s  %8s%n", "steps", "seconds"));
        int rank = 1;
        for (Map<String, Object> r : sorted) {
            b.append(String.format(Locale.ROOT, "%4d  %5d  %-8s", rank++, r.get("trial"), r.get("state")));
            for (String n : cfg.names()) {
                Object v = multi ? (r.get("values") instanceof Map<?, ?> m ? m.get(n) : null) : r.get("objective");
                b.append(String.format(Locale.ROOT, "  %12s", show(v)));
            }
            if (multi) {
                b.append(String.format(Locale.ROOT, "  %6s", r.get("pareto_rank") == null ? "-" : r.get("pareto_rank")));
            }
            for (String p : params) {
                b.append(String.format(Locale.ROOT, "  %12s", show(r.get(ObjectiveTables.PARAM_PREFIX + p))));
            }
            b.append(String.format(Locale.ROOT, "  %6s  %8.2f%n", r.get("steps"), ((Number) r.get("wall_seconds")).doubleValue()));
        }
        return b.toString();
    }

    private static int stateOrder(String state) {
        return switch (io.sparkhpo.search.trial.TrialState.valueOf(state)) {
            case COMPLETE -> 0;
            case PRUNED -> 1;
            case FAILED, RUNNING -> 2;
        };
    }

    private static String show(Object v) {
        if (v == null) {
            return "-";
        }
        if (v instanceof Double d) {
            return Math.abs(d) >= 1e-3 && Math.abs(d) < 1e5 ? String.format(Locale.ROOT, "%.4f", d)
                    : String.format(Locale.ROOT, "%.3e", d);
        }
        return String.valueOf(v);
    }
}
