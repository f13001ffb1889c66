package io.sparkhpo.driver.tables;

import io.sparkhpo.driver.study.StudyLayout;
import io.sparkhpo.search.json.Json;
import io.sparkhpo.executors.optim.OptimizerSpec;
import io.sparkhpo.executors.optim.OptimizerSpecs;
import io.sparkhpo.executors.train.EpochMetrics;
import io.sparkhpo.executors.train.Evaluation;
import io.sparkhpo.executors.train.LrController;
import io.sparkhpo.executors.train.TrialResult;
import io.sparkhpo.executors.train.TrialSpec;

import io.sparkhpo.search.registry.Param;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import static io.sparkhpo.driver.tables.Column.Type.BOOLEAN;
import static io.sparkhpo.driver.tables.Column.Type.DOUBLE;
import static io.sparkhpo.driver.tables.Column.Type.INT;
import static io.sparkhpo.driver.tables.Column.Type.LONG;
import static io.sparkhpo.driver.tables.Column.Type.STRING;
import static io.sparkhpo.driver.tables.Column.Type.TIMESTAMP;
import static io.sparkhpo.driver.tables.Column.optional;
import static io.sparkhpo.driver.tables.Column.required;

/**
 * The {@code trials} and {@code epochs} tables (docs/tables.md): one row per trial with every hyperparameter in its
 * own typed column (null where it does not apply to the optimizer), and one row per trial per epoch.
 */
public final class StudyTables {

    /**
     * Bumped when a column changes meaning or type, or a column is added; stored in every row. 2: every optimizer,
     * schedules, SWA. 3: {@code attempts} and {@code attempt_log}. 4: {@code warm_start}. 5: {@code objectives} and {@code pareto_rank}.
     * 6: {@code epochs.params} and the {@code pbt} table. 7: SAM's {@code base}, {@code rho} and {@code adaptive}.
     * 8: {@code model_settings} (the model's keys, JSON), {@code model_hash} (a user's network file's SHA-256),
     * {@code width} null for models without one,
     * {@code data_settings} and {@code data_path}.
     */
    public static final int SCHEMA_VERSION = 8;

    /**
     * The numeric columns that a trial's result sets, which {@code search.objective} and {@code search.objectives} may
     * name.
     */
    public static final List<String> METRICS = List.of("final_test_error", "best_test_error", "swa_test_error",
            "final_train_loss", "swa_test_loss", "wall_seconds", "parameters");

    /** The column holding each completed trial's non-dominated rank in a multi-objective study (0: the front). */
    public static final String PARETO_RANK = "pareto_rank";

    /** The column naming what the study was told: {@code column:direction}, comma-separated. */
    public static final String OBJECTIVES = "objectives";

    /** The trials column that marks a row copied from an earlier study by {@code search.warm_start} (its folder). */
    public static final String WARM_START = "warm_start";

    public static final TableSchema TRIALS = new TableSchema(StudyLayout.TRIALS, withRuleParams(List.of(
            required("study", STRING), required("trial", INT), required("state", STRING),
            optional("objective", DOUBLE), optional(OBJECTIVES, STRING), optional(PARETO_RANK, INT),
            required("optimizer", STRING), required("optimizer_label", STRING), required("weight_decay_mode", STRING),
            required("lr", DOUBLE), required("weight_decay", DOUBLE), optional("weight_decay_norm", DOUBLE),
            required("schedule", STRING), required("schedule_params", STRING), required("step_per", STRING),
            optional("clip_grad_norm", DOUBLE), optional("clip_grad_value", DOUBLE),
            required("lr_scaling", STRING), optional("base_batch_size", INT), optional("swa_start_epoch", INT),
            required("batch_size", INT), required("epochs", INT),
            required("model", STRING), optional("model_settings", STRING), optional("model_hash", STRING),
            optional("width", INT),
            required("parameters", LONG),
            required("dataset", STRING), optional("data_settings", STRING), optional("data_path", STRING),
            required("train_size", INT), required("test_size", INT),
            required("augment", BOOLEAN), required("normalize", BOOLEAN), required("engine", STRING),
            required("seed", LONG),
            optional("best_test_error", DOUBLE), optional("final_test_error", DOUBLE), optional("final_train_loss", DOUBLE),
            optional("swa_test_error", DOUBLE), optional("swa_test_loss", DOUBLE),
            required("epochs_run", INT), required("wall_seconds", DOUBLE),
            optional("executor", STRING), optional("host", STRING), optional("gpu", STRING), optional("error", STRING),
            optional("attempts", INT), optional("attempt_log", STRING), optional(WARM_START, STRING),
            required("params", STRING), required("code_version", STRING), required("schema_version", INT),
            required("finished_at", TIMESTAMP))));

    public static final TableSchema EPOCHS = new TableSchema(StudyLayout.EPOCHS, List.of(
            required("study", STRING), required("trial", INT), required("epoch", INT), required("lr", DOUBLE),
            required("weight_decay", DOUBLE), required("train_loss", DOUBLE), required("train_error", DOUBLE),
            required("test_loss", DOUBLE), required("test_error", DOUBLE), required("grad_norm_mean", DOUBLE),
            required("grad_norm_max", DOUBLE), required("seconds", DOUBLE), optional("params", STRING)));

    /**
     * A PBT sweep's exploits: at the boundary {@code epoch} (epochs trained), member {@code target} took member
     * {@code source}'s checkpoint and its mutated parameters {@code before} became {@code after} (JSON objects).
     */
    public static final TableSchema PBT = new TableSchema(StudyLayout.PBT, List.of(
            required("study", STRING), required("generation", INT), required("epoch", INT), required("target", INT),
            required("source", INT), required("target_error", DOUBLE), required("source_error", DOUBLE),
            required("before", STRING), required("after", STRING)));

    private StudyTables() {
    }

    /**
     * The columns with one nullable column per update-rule hyperparameter ({@link OptimizerSpecs#params()}: momentum,
     * beta1, ...) and SAM's three after {@code weight_decay_norm}: a trial's row sets those its optimizer takes.
     */
    /** A declared parameter's optional column: flags boolean, choices string, numbers double. */
    private static Column column(Param p) {
        return optional(p.key(), switch (p.kind()) {
            case FLAG -> BOOLEAN;
            case CHOICE -> STRING;
            case NUMBER -> DOUBLE;
            default -> throw new IllegalArgumentException("no column type for " + p.kind() + " parameter " + p.key());
        });
    }

    private static List<Column> withRuleParams(List<Column> columns) {
        List<Column> out = new ArrayList<>();
        for (Column c : columns) {
            out.add(c);
            if (c.name().equals("weight_decay_norm")) {
                OptimizerSpecs.params().forEach(p -> out.add(column(p)));
                OptimizerSpecs.wrapperParams().forEach(p -> out.add(column(p)));
            }
        }
        return out;
    }

    /** Where a trial ran, as the task reported it (all null if its Spark job never ran). */
    public record Placement(String executor, String host, String gpu) {
        public static final Placement NONE = new Placement(null, null, null);
    }

    /** How the sweep set the learning rate: the linear scaling rule's base batch size, if used. */
    public record Scaling(boolean linear, Integer baseBatchSize) {
        public static final Scaling NONE = new Scaling(false, null);
    }

    /**
     * @param spec        the trial's configuration
     * @param result      its result
     * @param objectives  what the study is told (the caller sets the {@code objective} column: the first one's value) ({@code final_test_error:minimize}, ...; the {@code objectives} column)
     * @param placement   where it ran
     * @param scaling     the learning-rate scaling rule in force
     * @param params      the searched parameters
     * @param codeVersion the code that ran it
     * @param attempts    each Spark task attempt of its jobs: {@code executor}, {@code result} ({@code ok} or why it
     *                    failed); empty when no job ran
     */
    public static Map<String, Object> trialRow(TrialSpec spec, TrialResult result, String objectives, Placement placement,
                                               Scaling scaling, Map<String, Object> params, String codeVersion, List<Map<String, Object>> attempts) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("study", spec.study());
        r.put("trial", spec.number());
        r.put("state", result.state().name());
        r.put("objective", null);
        r.put(OBJECTIVES, objectives);
        r.put(PARETO_RANK, null);
        optimizerColumns(spec, r);
        r.put("schedule", spec.schedule().name());
        r.put("schedule_params", spec.schedule().describe());
        r.put("step_per", spec.schedule().unit().configName());
        r.put("clip_grad_norm", finite(spec.clipping().maxNorm()));
        r.put("clip_grad_value", finite(spec.clipping().maxValue()));
        r.put("lr_scaling", scaling.linear() ? "linear" : "none");
        r.put("base_batch_size", scaling.baseBatchSize());
        r.put("swa_start_epoch", spec.swaOption().map(s -> s.startEpoch()).orElse(null));
        r.put("batch_size", spec.batchSize());
        r.put("epochs", spec.epochs());
        r.put("model", spec.model().name());
        r.put("model_settings", Json.write(spec.model().settings()));
        r.put("model_hash", ModelHash.of(spec.model()).orElse(null));
        r.put("width", spec.model().settings().get("width") instanceof Number w ? w.intValue() : null);
        r.put("parameters", result.parameters());
        r.put("dataset", spec.data().name());
        r.put("data_settings", Json.write(spec.data().settings()));
        r.put("data_path", spec.data().path());
        r.put("train_size", spec.data().trainSize());
        r.put("test_size", spec.data().testSize());
        r.put("augment", spec.data().augment());
        r.put("normalize", spec.data().normalize());
        r.put("engine", spec.engine());
        r.put("seed", spec.seed());
        r.put("best_test_error", boxed(result.bestTestError()));
        r.put("final_test_error", boxed(result.finalTestError()));
        r.put("final_train_loss", boxed(result.finalTrainLoss()));
        r.put("swa_test_error", result.swaOption().map(Evaluation::errorRate).orElse(null));
        r.put("swa_test_loss", result.swaOption().map(Evaluation::meanLoss).orElse(null));
        r.put("epochs_run", result.epochs().size());
        r.put("wall_seconds", result.wallSeconds());
        r.put("executor", placement.executor());
        r.put("host", placement.host());
        r.put("gpu", placement.gpu());
        r.put("error", result.message());
        r.put("attempts", attempts.isEmpty() ? null : attempts.size());
        r.put("attempt_log", attempts.isEmpty() ? null : Json.write(attempts));
        r.put(WARM_START, null);
        r.put("params", Json.write(params));
        r.put("code_version", codeVersion);
        r.put("schema_version", SCHEMA_VERSION);
        r.put("finished_at", Instant.now());
        return r;
    }

    /** Every hyperparameter of the optimizer; λ as applied at the first step (normalized decay resolved). */
    private static void optimizerColumns(TrialSpec spec, Map<String, Object> r) {
        OptimizerSpec o = spec.optimizer();
        r.put("optimizer", o.name());
        r.put("optimizer_label", o.label());
        r.put("weight_decay_mode", o.weightDecay().mode().configName());
        r.put("lr", o.lr());
        r.put("weight_decay", new LrController(spec).plan(0, 0).weightDecay());
        r.put("weight_decay_norm", o.weightDecay().normalized() ? o.weightDecay().value() : null);
        r.putAll(o.hyperparameters());
    }

    /**
     * The study's own trials: without the rows {@code search.warm_start} copied from earlier studies (a table written
     * before schema 4 has none).
     */
    public static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> ownTrials(org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> trials) {
        return java.util.Arrays.asList(trials.columns()).contains(WARM_START) ? trials.where(WARM_START + " IS NULL") : trials;
    }

    /** The tag of a trial's part files ({@code part-00042.parquet}) in the trials and epochs tables. */
    public static String tag(int trial) {
        return String.format("%05d", trial);
    }

    /**
     * Rows read back from a table with Spark, as maps by column, in the form the dashboard's parquet reader gives too:
     * timestamps as {@link Instant} (as {@link #trialRow} makes them), a {@code map<string,double>} column as a Java map.
     */
    public static List<Map<String, Object>> maps(List<org.apache.spark.sql.Row> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (org.apache.spark.sql.Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (org.apache.spark.sql.types.StructField f : r.schema().fields()) {
                Object v = r.getAs(f.name());
                m.put(f.name(), v instanceof java.sql.Timestamp ts ? ts.toInstant()
                        : v instanceof scala.collection.Map<?, ?> map ? new LinkedHashMap<>(scala.collection.JavaConverters.mapAsJavaMap(map)) : v);
            }
            out.add(m);
        }
        return out;
    }

    /** The value of {@code metric} ({@link #METRICS}) in a trials row, if set and finite. */
    public static OptionalDouble metric(Map<String, Object> row, String metric) {
        Object v = row.get(metric);
        return v instanceof Number n && Double.isFinite(n.doubleValue()) ? OptionalDouble.of(n.doubleValue()) : OptionalDouble.empty();
    }

    public static List<Map<String, Object>> epochRows(TrialSpec spec, TrialResult result) {
        return epochRows(spec, result.epochs(), e -> null);
    }

    /**
     * @param params the parameters in force at an epoch, as JSON, for the {@code params} column (a PBT member's
     *               mutated ones); null where they are the trial's own throughout
     */
    public static List<Map<String, Object>> epochRows(TrialSpec spec, List<EpochMetrics> epochs,
                                                      java.util.function.IntFunction<String> params) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (EpochMetrics m : epochs) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("study", spec.study());
            r.put("trial", spec.number());
            r.put("epoch", m.epoch());
            r.put("lr", m.lr());
            r.put("weight_decay", m.weightDecay());
            r.put("train_loss", m.trainLoss());
            r.put("train_error", m.trainError());
            r.put("test_loss", m.testLoss());
            r.put("test_error", m.testError());
            r.put("grad_norm_mean", m.gradNormMean());
            r.put("grad_norm_max", m.gradNormMax());
            r.put("seconds", m.seconds());
            r.put("params", params.apply(m.epoch()));
            rows.add(r);
        }
        return rows;
    }

    private static Double boxed(OptionalDouble d) {
        return d.isPresent() ? d.getAsDouble() : null;
    }

    private static Double finite(double v) {
        return Double.isInfinite(v) ? null : v;
    }
}
