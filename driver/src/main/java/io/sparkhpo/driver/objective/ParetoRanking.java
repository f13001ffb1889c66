package io.sparkhpo.driver.objective;

import io.sparkhpo.driver.config.ObjectiveSweepConfig;
import io.sparkhpo.driver.tables.ParquetTableWriter;
import io.sparkhpo.driver.tables.TableSchema;
import io.sparkhpo.search.pareto.Pareto;
import io.sparkhpo.search.trial.Direction;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A multi-objective study's {@code pareto_rank} column: each completed trial's non-dominated rank (0: the front)
 * among every completed trial of the study, written into the trials parts this run wrote.
 */
final class ParetoRanking {

    private ParetoRanking() {
    }

    static void assign(ObjectiveSweepConfig cfg, List<Map<String, Object>> rows,
                       Map<String, List<Map<String, Object>>> parts, ParquetTableWriter writer, TableSchema schema) {
        List<Map<String, Object>> complete = rows.stream().filter(r -> io.sparkhpo.search.trial.TrialState.COMPLETE.name().equals(r.get("state"))).toList();
        List<double[]> points = new ArrayList<>();
        for (Map<String, Object> r : complete) {
            Map<?, ?> values = (Map<?, ?>) r.get("values");
            double[] p = new double[cfg.names().size()];
            for (int i = 0; i < p.length; i++) {
                double v = ((Number) values.get(cfg.names().get(i))).doubleValue();
                p[i] = cfg.search().directions().get(i) == Direction.MAXIMIZE ? -v : v;
            }
            points.add(p);
        }
        int[] ranks = Pareto.ranks(points);
        for (int i = 0; i < ranks.length; i++) {
            complete.get(i).put("pareto_rank", ranks[i]);
        }
        parts.forEach((tag, partRows) -> writer.append(schema, tag, partRows));
    }
}
