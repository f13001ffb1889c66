package io.sparkhpo.driver.analysis;

import io.sparkhpo.search.json.Json;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code separability} table (docs/tables.md): one row per slice with its measures. Measures that cannot be
 * computed (too few trials, a ridge of one point) are null, not NaN, so every reader sees "unknown".
 */
final class SeparabilityTable {

    static final StructType SCHEMA = new StructType(new StructField[]{
            field("study", DataTypes.StringType, false), field("optimizer", DataTypes.StringType, false),
            field("optimizer_label", DataTypes.StringType, false), field("weight_decay_mode", DataTypes.StringType, false),
            field("schedule", DataTypes.StringType, false), field("wd_axis", DataTypes.StringType, false),
            field("method", DataTypes.StringType, false), field("metric", DataTypes.StringType, false),
            field("trials", DataTypes.IntegerType, false), field("off_axis_trials", DataTypes.IntegerType, false),
            field("cells", DataTypes.IntegerType, false), field("missing_cells", DataTypes.IntegerType, false),
            field("interaction_share", DataTypes.DoubleType, true), field("ridge_slope", DataTypes.DoubleType, true),
            field("ridge_slope_se", DataTypes.DoubleType, true), field("ridge_points", DataTypes.IntegerType, false),
            field("ridge_at_edge", DataTypes.IntegerType, false),
            field("importance_lr", DataTypes.DoubleType, true), field("importance_wd", DataTypes.DoubleType, true),
            field("importance_interaction", DataTypes.DoubleType, true),
            field("best_trial", DataTypes.IntegerType, true), field("best_lr", DataTypes.DoubleType, true),
            field("best_weight_decay", DataTypes.DoubleType, true), field("best_test_error", DataTypes.DoubleType, true),
            field("top10", DataTypes.StringType, false), field("analyzed_at", DataTypes.TimestampType, false)});

    private SeparabilityTable() {
    }

    private static StructField field(String name, org.apache.spark.sql.types.DataType type, boolean nullable) {
        return DataTypes.createStructField(name, type, nullable);
    }

    static List<Row> rows(String study, List<Slice> slices) {
        Timestamp now = Timestamp.from(Instant.now());
        List<Row> rows = new ArrayList<>();
        for (Slice s : slices) {
            Measures m = s.measures();
            Cell best = m.best().orElse(null);
            List<Object> top = new ArrayList<>();
            for (Cell c : m.top()) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("trial", c.trial());
                o.put("lr", c.lr());
                o.put(s.wdAxis(), c.weightDecay());
                o.put("test_error", c.error());
                top.add(Json.write(o));
            }
            rows.add(RowFactory.create(study, s.optimizer(), s.label(), s.mode(), s.schedule(), s.wdAxis(), m.method(),
                    "final_test_error", s.cells().size() + s.offAxis(), s.offAxis(), m.cells(), m.missingCells(),
                    orNull(m.interactionShare()), orNull(m.ridgeSlope()), orNull(m.ridgeSlopeSe()), m.ridgePoints(),
                    m.ridgeAtEdge(), orNull(m.importanceLr()), orNull(m.importanceWd()), orNull(m.importanceInteraction()),
                    best == null ? null : best.trial(), best == null ? null : best.lr(),
                    best == null ? null : best.weightDecay(), best == null ? null : best.error(),
                    "[" + String.join(", ", top.stream().map(Object::toString).toList()) + "]", now));
        }
        return rows;
    }

    private static Double orNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
