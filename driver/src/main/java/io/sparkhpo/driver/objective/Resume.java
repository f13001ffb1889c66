package io.sparkhpo.driver.objective;

import io.sparkhpo.driver.config.ObjectiveSweepConfig;
import io.sparkhpo.driver.study.StudyLayout;
import io.sparkhpo.driver.study.UserError;
import io.sparkhpo.driver.tables.StudyTables;
import io.sparkhpo.search.study.Study;
import io.sparkhpo.search.trial.Outcome;
import io.sparkhpo.search.trial.TrialState;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Squares a resumed study's journal with its tables. A batch's rows are written before the journal records its
 * trials' ends, so a trial the journal still calls RUNNING may have its row already: it is told from the row, not
 * run again. The rest of the RUNNING ones the journal hands out again.
 */
final class Resume {

    private Resume() {
    }

    /** Every row already in the trials table. */
    static List<Map<String, Object>> reconcile(ObjectiveSweepConfig cfg, Study study, SparkSession spark, String dir,
                                               PrintStream err) {
        dropUnfinishedBatches(spark, dir, err);
        List<Map<String, Object>> rows = new ArrayList<>();
        Path table = new Path(dir, StudyLayout.TRIALS);
        try {
            FileSystem fs = table.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(table) || fs.listStatus(table, p -> p.getName().endsWith(".parquet")
                    && !p.getName().startsWith("_")).length == 0) {
                return rows;
            }
        } catch (IOException e) {
            throw new UserError("cannot read " + table + ": " + e.getMessage());
        }
        for (Map<String, Object> m : StudyTables.maps(spark.read().parquet(table.toString()).collectAsList())) {
            rows.add(m);
            int n = (Integer) m.get("trial");
            if (n < study.trials().size() && study.trials().get(n).state() == TrialState.RUNNING) {
                study.tell(n, outcome(cfg, m));
                err.printf("sparkhpo: trial %d had finished (%s) just before the interruption; kept from the tables%n",
                        n, m.get("state"));
            }
        }
        return rows;
    }

    /**
     * A batch writes its epochs part, then its trials part (same tag): an epochs part without its trials part is a
     * batch the killed driver did not finish. Its trials run again, so its reports go, lest they appear twice.
     */
    private static void dropUnfinishedBatches(SparkSession spark, String dir, PrintStream err) {
        Path epochs = new Path(dir, StudyLayout.EPOCHS);
        Path trials = new Path(dir, StudyLayout.TRIALS);
        try {
            FileSystem fs = epochs.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(epochs)) {
                return;
            }
            for (org.apache.hadoop.fs.FileStatus f : fs.listStatus(epochs, p -> p.getName().startsWith("part-")
                    && !io.sparkhpo.driver.tables.TableCompactor.isCompacted(p.getName()))) { // whole batches only
                if (!fs.exists(new Path(trials, f.getPath().getName()))) {
                    fs.delete(f.getPath(), false);
                    err.printf("sparkhpo: %s: the reports of a batch the interrupted sweep did not finish writing; "
                            + "removed (its trials run again)%n", f.getPath().getName());
                }
            }
        } catch (IOException e) {
            throw new UserError("cannot read " + epochs + ": " + e.getMessage());
        }
    }

    private static Outcome outcome(ObjectiveSweepConfig cfg, Map<String, Object> row) {
        TrialState state = TrialState.valueOf((String) row.get("state"));
        return switch (state) {
            case COMPLETE -> {
                if (cfg.names().size() == 1) {
                    yield new Outcome.Complete(((Number) row.get("objective")).doubleValue());
                }
                Map<?, ?> values = (Map<?, ?>) row.get("values");
                yield new Outcome.Complete(cfg.names().stream().map(n -> ((Number) values.get(n)).doubleValue()).toList());
            }
            case PRUNED -> new Outcome.Pruned((Integer) row.get("steps"));
            case FAILED, RUNNING -> new Outcome.Failed(state + ": " + row.get("error"));
        };
    }
}
