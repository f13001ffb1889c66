package io.sparkhpo.driver.tables;

import io.sparkhpo.executors.optim.AdamSpec;
import io.sparkhpo.executors.optim.OptimizerSpec;
import io.sparkhpo.executors.train.EpochMetrics;
import io.sparkhpo.executors.train.TrialResult;
import io.sparkhpo.executors.train.TrialSpec;

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
 * The {@code trials} and {@code epochs} tables (DESIGN.md): one row per trial with every hyperparameter in its
 * own typed column (null where it does not apply to the optimizer), and one row per trial per epoch.
 */
public final class StudyTables {

    /** Bumped when a column changes meaning or type; stored in every row. */
    public static final int SCHEMA_VERSION = 1;

    public static final TableSchema TRIALS = new TableSchema("trials", List.of(
            required("study", STRING), required("trial", INT), required("state", STRING),
            optional("objective", DOUBLE),
            required("optimizer", STRING), required("weight_decay_mode", STRING), required("lr", DOUBLE),
            required("weight_decay", DOUBLE), optional("weight_decay_norm", DOUBLE),
            optional("beta1", DOUBLE), optional("beta2", DOUBLE), optional("eps", DOUBLE),
            optional("momentum", DOUBLE), optional("nesterov", BOOLEAN), required("schedule", STRING),
            required("batch_size", INT), required("epochs", INT),
            required("model", STRING), required("width", INT), required("parameters", LONG),
            required("dataset", STRING), required("train_size", INT), required("test_size", INT),
            required("augment", BOOLEAN), required("normalize", BOOLEAN), required("engine", STRING),
            required("seed", LONG),
            optional("best_test_error", DOUBLE), optional("final_test_error", DOUBLE), optional("final_train_loss", DOUBLE),
            required("epochs_run", INT), required("wall_seconds", DOUBLE),
            optional("executor", STRING), optional("host", STRING), optional("gpu", STRING), optional("error", STRING),
            required("params", STRING), required("code_version", STRING), required("schema_version", INT),
            required("finished_at", TIMESTAMP)));

    public static final TableSchema EPOCHS = new TableSchema("epochs", List.of(
            required("study", STRING), required("trial", INT), required("epoch", INT), required("lr", DOUBLE),
            required("train_loss", DOUBLE), required("train_error", DOUBLE), required("test_loss", DOUBLE),
            required("test_error", DOUBLE), optional("grad_norm_mean", DOUBLE), optional("grad_norm_max", DOUBLE),
            required("seconds", DOUBLE)));

    private StudyTables() {
    }

    /** Where a trial ran, as the task reported it (all null if its Spark job never ran). */
    public record Placement(String executor, String host, String gpu) {
        public static final Placement NONE = new Placement(null, null, null);
    }

    /**
     * @param spec        the trial's configuration
     * @param result      its result
     * @param objective   the value told to the study, if it completed
     * @param placement   where it ran
     * @param params      the searched parameters
     * @param codeVersion the code that ran it
     */
    public static Map<String, Object> trialRow(TrialSpec spec, TrialResult result, OptionalDouble objective,
                                               Placement placement, Map<String, Object> params, String codeVersion) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("study", spec.study());
        r.put("trial", spec.number());
        r.put("state", result.state().name());
        r.put("objective", boxed(objective));
        optimizerColumns(spec.optimizer(), r);
        r.put("schedule", "constant");
        r.put("batch_size", spec.batchSize());
        r.put("epochs", spec.epochs());
        r.put("model", spec.model().name());
        r.put("width", spec.model().width());
        r.put("parameters", result.parameters());
        r.put("dataset", spec.data().name());
        r.put("train_size", spec.data().trainSize());
        r.put("test_size", spec.data().testSize());
        r.put("augment", spec.data().augment());
        r.put("normalize", spec.data().normalize());
        r.put("engine", spec.engine());
        r.put("seed", spec.seed());
        r.put("best_test_error", boxed(result.bestTestError()));
        r.put("final_test_error", boxed(result.finalTestError()));
        r.put("final_train_loss", boxed(result.finalTrainLoss()));
        r.put("epochs_run", result.epochs().size());
        r.put("wall_seconds", result.wallSeconds());
        r.put("executor", placement.executor());
        r.put("host", placement.host());
        r.put("gpu", placement.gpu());
        r.put("error", result.message());
        r.put("params", Json.object(params));
        r.put("code_version", codeVersion);
        r.put("schema_version", SCHEMA_VERSION);
        r.put("finished_at", Instant.now());
        return r;
    }

    private static void optimizerColumns(OptimizerSpec o, Map<String, Object> r) {
        r.put("optimizer", o.name());
        r.put("weight_decay_mode", o.decayMode().configName());
        r.put("lr", o.lr());
        r.put("weight_decay", o.weightDecay());
        if (o instanceof AdamSpec a) {
            r.put("beta1", a.beta1());
            r.put("beta2", a.beta2());
            r.put("eps", a.eps());
        }
    }

    public static List<Map<String, Object>> epochRows(TrialSpec spec, TrialResult result) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (EpochMetrics m : result.epochs()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("study", spec.study());
            r.put("trial", spec.number());
            r.put("epoch", m.epoch());
            r.put("lr", m.lr());
            r.put("train_loss", m.trainLoss());
            r.put("train_error", m.trainError());
            r.put("test_loss", m.testLoss());
            r.put("test_error", m.testError());
            r.put("seconds", m.seconds());
            rows.add(r);
        }
        return rows;
    }

    private static Double boxed(OptionalDouble d) {
        return d.isPresent() ? d.getAsDouble() : null;
    }
}
