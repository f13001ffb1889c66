package io.sparkhpo.driver.retrain;

import io.sparkhpo.driver.study.StudyLayout;
import io.sparkhpo.driver.study.UserError;
import io.sparkhpo.search.json.Json;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** A study's best finished trial: its number, objective and sampled parameters (as the sampler gave them). */
record BestTrial(int number, double objective, Map<String, Object> params) {

    static BestTrial of(SparkSession spark, String studyDir) {
        Path table = new Path(studyDir, StudyLayout.TRIALS);
        try {
            if (!table.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(table)) {
                throw new UserError("retrain: " + studyDir + " has no trials table (" + studyDir + "/" + StudyLayout.TRIALS
                        + "); run the sweep first");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Row> rows = io.sparkhpo.driver.tables.StudyTables.ownTrials(spark.read().parquet(table.toString()))
                .where("state = 'COMPLETE' AND objective IS NOT NULL")
                .orderBy("objective", "trial").limit(1).collectAsList();
        if (rows.isEmpty()) {
            throw new UserError("retrain: no trial of " + studyDir + " completed, so there is no best one to retrain");
        }
        Row r = rows.get(0);
        String json = r.getAs("params");
        try {
            return new BestTrial(r.getAs("trial"), r.getAs("objective"), Json.read(json));
        } catch (IllegalArgumentException e) {
            throw new UserError("retrain: cannot read the best trial's params " + json + ": " + e.getMessage());
        }
    }
}
