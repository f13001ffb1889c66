package io.sparkhpo.driver.retrain;

import io.sparkhpo.driver.study.StudyLayout;
import io.sparkhpo.driver.tables.TableSchema;
import io.sparkhpo.executors.train.DataParallelTraining;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.sparkhpo.driver.tables.Column.Type.DOUBLE;
import static io.sparkhpo.driver.tables.Column.Type.INT;
import static io.sparkhpo.driver.tables.Column.Type.STRING;
import static io.sparkhpo.driver.tables.Column.required;

/** {@code STUDY/retrain/epochs}: one row per retrained epoch. */
public final class RetrainTable {

    public static final TableSchema SCHEMA = new TableSchema(StudyLayout.RETRAIN_EPOCHS, List.of(
            required("study", STRING), required("trial", INT), required("epoch", INT), required("lr", DOUBLE),
            required("train_loss", DOUBLE), required("test_loss", DOUBLE), required("test_error", DOUBLE),
            required("workers", INT), required("averaging_frequency", INT), required("steps", INT),
            required("seconds", DOUBLE)));

    private RetrainTable() {
    }

    static Map<String, Object> row(String study, int trial, int epoch, double lr, DataParallelTraining.EpochResult r,
                                   DataParallelTraining.Plan p, double seconds) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("study", study);
        row.put("trial", trial);
        row.put("epoch", epoch);
        row.put("lr", lr);
        row.put("train_loss", r.trainLoss());
        row.put("test_loss", r.testLoss());
        row.put("test_error", r.testError());
        row.put("workers", p.workers());
        row.put("averaging_frequency", p.averagingFrequency());
        row.put("steps", p.stepsPerEpoch());
        row.put("seconds", seconds);
        return row;
    }
}
