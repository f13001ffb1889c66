package io.sparkhpo.driver.objective;

import io.sparkhpo.driver.runner.Done;
import io.sparkhpo.driver.runner.Placement;
import io.sparkhpo.driver.study.StudyLayout;
import io.sparkhpo.driver.tables.Column;
import io.sparkhpo.driver.tables.TableSchema;
import io.sparkhpo.search.json.Json;
import io.sparkhpo.search.space.CategoricalDistribution;
import io.sparkhpo.search.space.Distribution;
import io.sparkhpo.search.space.FloatDistribution;
import io.sparkhpo.search.space.IntDistribution;
import io.sparkhpo.search.space.SearchSpace;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.sparkhpo.driver.tables.Column.Type.DOUBLE;
import static io.sparkhpo.driver.tables.Column.Type.INT;
import static io.sparkhpo.driver.tables.Column.Type.LONG;
import static io.sparkhpo.driver.tables.Column.Type.METRICS;
import static io.sparkhpo.driver.tables.Column.Type.STRING;
import static io.sparkhpo.driver.tables.Column.Type.TIMESTAMP;
import static io.sparkhpo.driver.tables.Column.optional;
import static io.sparkhpo.driver.tables.Column.required;

/**
 * The {@code trials} and {@code epochs} tables of a study with a user's objective (docs/objective.md): one row per
 * trial with each parameter in its own typed column ({@code params_NAME}, as Optuna's data frames name them), each
 * objective's value, the user's
 * attributes; one row per report with the user's metrics in a {@code map<string,double>} column.
 */
public final class ObjectiveTables {

    /** Stored in every row; 1: the first layout of a user objective's tables. */
    public static final int SCHEMA_VERSION = 1;

    /** The prefix of a parameter's column: {@code params_lr}. */
    public static final String PARAM_PREFIX = "params_";

    static final List<Column> TRIAL_COLUMNS = List.of(
            required("study", STRING), required("trial", INT), required("state", STRING),
            optional("objective", DOUBLE), required("objectives", STRING), optional("pareto_rank", INT),
            optional("values", METRICS), required("objective_class", STRING), required("seed", LONG),
            required("steps", INT), required("wall_seconds", DOUBLE), optional("executor", STRING),
            optional("host", STRING), optional("gpu", STRING), optional("error", STRING), required("attempts", INT),
            optional("user_attrs", STRING), required("params", STRING), required("code_version", STRING),
            required("schema_version", INT), required("finished_at", TIMESTAMP));

    public static final TableSchema EPOCHS = new TableSchema(StudyLayout.EPOCHS, List.of(
            required("study", STRING), required("trial", INT), required("attempt", INT), required("step", INT),
            required("value", DOUBLE), optional("metrics", METRICS), required("seconds", DOUBLE),
            optional("params", STRING), required("schema_version", INT)));

    private ObjectiveTables() {
    }

    /** The trials table of a study over {@code space} with {@code fixed} values: the columns above, then the parameters. */
    public static TableSchema trials(SearchSpace space, Map<String, Object> fixed) {
        List<Column> cols = new ArrayList<>(TRIAL_COLUMNS);
        space.params().forEach((k, d) -> cols.add(optional(PARAM_PREFIX + k, typeOf(d))));
        fixed.forEach((k, v) -> cols.add(optional(PARAM_PREFIX + k, typeOf(v))));
        return new TableSchema(StudyLayout.TRIALS, cols);
    }

    /** A trial's row. {@code objectiveNames} are the study's, in order; the first one's value is {@code objective}. */
    public static Map<String, Object> trialRow(TableSchema schema, String study, String objectiveClass,
                                               List<String> objectiveNames, String objectives, int trial, long seed,
                                               Map<String, Object> params, Done done, Placement where, int attempts,
                                               String codeVersion) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("study", study);
        r.put("trial", trial);
        r.put("state", done.state().name());
        if (done.state() == Done.State.COMPLETE) {
            r.put("objective", done.values().get(objectiveNames.get(0)));
            if (objectiveNames.size() > 1) {
                r.put("values", Map.copyOf(done.values()));
            }
        }
        r.put("objectives", objectives);
        r.put("objective_class", objectiveClass);
        r.put("seed", seed);
        r.put("steps", done.steps());
        r.put("wall_seconds", done.seconds());
        if (where != null) {
            r.put("executor", where.executor());
            r.put("host", where.host());
            r.put("gpu", where.gpuColumn());
        }
        r.put("error", done.message() != null && done.state() != Done.State.COMPLETE ? done.message() : null);
        r.put("attempts", attempts);
        r.put("user_attrs", done.attrs().isEmpty() ? null : Json.write(done.attrs()));
        r.put("params", Json.write(params));
        params.forEach((k, v) -> r.put(PARAM_PREFIX + k, column(schema, PARAM_PREFIX + k, v)));
        r.put("code_version", codeVersion);
        r.put("schema_version", SCHEMA_VERSION);
        r.put("finished_at", Instant.now());
        r.values().removeIf(java.util.Objects::isNull);
        return r;
    }

    /** One report's row. */
    public static Map<String, Object> epochRow(String study, int trial, int attempt, int step, double value,
                                               Map<String, Double> metrics, double seconds) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("study", study);
        r.put("trial", trial);
        r.put("attempt", attempt);
        r.put("step", step);
        r.put("value", value);
        if (!metrics.isEmpty()) {
            r.put("metrics", Map.copyOf(metrics));
        }
        r.put("seconds", seconds);
        r.put("schema_version", SCHEMA_VERSION);
        return r;
    }

    private static Object column(TableSchema schema, String key, Object v) {
        Column.Type t = schema.columns().stream().filter(c -> c.name().equals(key)).findFirst().orElseThrow().type();
        return switch (t) {
            case DOUBLE -> ((Number) v).doubleValue();
            case LONG -> ((Number) v).longValue();
            case BOOLEAN -> v;
            default -> String.valueOf(v);
        };
    }

    private static Column.Type typeOf(Distribution d) {
        if (d instanceof FloatDistribution) {
            return DOUBLE;
        }
        if (d instanceof IntDistribution) {
            return LONG;
        }
        List<Object> choices = ((CategoricalDistribution) d).choices();
        if (choices.stream().allMatch(c -> c instanceof Double)) {
            return DOUBLE;
        }
        if (choices.stream().allMatch(c -> c instanceof Long)) {
            return LONG;
        }
        return choices.stream().allMatch(c -> c instanceof Boolean) ? Column.Type.BOOLEAN : STRING;
    }

    private static Column.Type typeOf(Object v) {
        return v instanceof Double ? DOUBLE : v instanceof Long ? LONG : v instanceof Boolean ? Column.Type.BOOLEAN : STRING;
    }
}
