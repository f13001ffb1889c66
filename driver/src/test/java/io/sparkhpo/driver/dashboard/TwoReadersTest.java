package io.sparkhpo.driver.dashboard;

import io.sparkhpo.driver.objective.ObjectiveTables;
import io.sparkhpo.driver.study.StudyLayout;
import io.sparkhpo.driver.tables.ParquetTableWriter;
import io.sparkhpo.driver.tables.EpochRecord;
import io.sparkhpo.driver.tables.StudyTables;
import io.sparkhpo.driver.tables.TrialRecord;
import io.sparkhpo.driver.tables.TableSchema;
import io.sparkhpo.executors.train.RunState;
import io.sparkhpo.search.space.SearchSpace;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * One row model, two readers: the same table read with Spark (the report, notebooks: {@link StudyTables#maps}) and
 * with parquet-hadoop (the dashboard: {@link TableReader}) gives equal maps, value for value and type for type,
 * a {@code map<string,double>} column and a timestamp included, and so equal {@link TrialRecord}s and
 * {@link EpochRecord}s, whose typed accessors read them.
 */
class TwoReadersTest {

    @Test
    void sparkAndTheDashboardReadTheSameRows(@TempDir java.nio.file.Path dir) throws Exception {
        List<Map<String, Object>> epochs = new ArrayList<>();
        for (int step = 1; step <= 3; step++) {
            epochs.add(ObjectiveTables.epochRow("two", 0, 1, step, 0.5 / step,
                    step == 2 ? Map.of() : Map.of("loss", 1.0 / step, "accuracy", 0.25 * step), 0.125 * step));
        }
        TableSchema trials = ObjectiveTables.trials(SearchSpace.builder().addFloat("lr", 1e-4, 1e-1, true).build(),
                Map.of("epochs", 3L));
        List<Map<String, Object>> trialRows = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("study", "two");
            r.put("trial", t);
            r.put("state", (t == 0 ? RunState.COMPLETE : RunState.FAILED).name());
            if (t == 0) {
                r.put("objective", 0.25);
                r.put("values", Map.of("error", 0.25, "seconds", 3.5));
            }
            r.put("objectives", "error, seconds");
            r.put("objective_class", "com.acme.Net");
            r.put("seed", 42L + t);
            r.put("steps", 3);
            r.put("wall_seconds", 1.5);
            r.put("attempts", 1);
            r.put("params", "{\"lr\":0.01}");
            r.put("params_lr", 0.01);
            r.put("params_epochs", 3L);
            r.put("code_version", "test");
            r.put("schema_version", ObjectiveTables.SCHEMA_VERSION);
            r.put("finished_at", Instant.now().truncatedTo(ChronoUnit.MILLIS));
            trialRows.add(r);
        }
        ParquetTableWriter writer = new ParquetTableWriter(dir.toString(), new Configuration());
        writer.append(ObjectiveTables.EPOCHS, StudyTables.tag(0), epochs);
        writer.append(trials, StudyTables.tag(0), trialRows.subList(0, 1));
        writer.append(trials, StudyTables.tag(1), trialRows.subList(1, 2));

        SparkSession spark = SparkSession.builder().master("local[1]").appName("two-readers")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        for (String[] table : new String[][] {{StudyLayout.EPOCHS, "step"}, {StudyLayout.TRIALS, "trial"}}) {
            TableReader dashboard = new TableReader(new Path(dir.toString(), table[0]), new Configuration());
            dashboard.refresh();
            List<Map<String, Object>> fromDashboard = dashboard.rows().stream()
                    .sorted(java.util.Comparator.comparingInt(r -> (Integer) r.get(table[1]))).toList();
            List<Map<String, Object>> fromSpark = StudyTables.maps(spark.read().parquet(dir.resolve(table[0]).toString())
                    .orderBy(table[1]).collectAsList());
            assertEquals(fromSpark, fromDashboard, table[0]);
            for (int i = 0; i < fromSpark.size(); i++) {
                for (Map.Entry<String, Object> e : fromSpark.get(i).entrySet()) {
                    if (e.getValue() != null) {
                        assertEquals(e.getValue().getClass(), fromDashboard.get(i).get(e.getKey()).getClass(),
                                table[0] + "." + e.getKey());
                    }
                }
            }
            if (table[0].equals(StudyLayout.EPOCHS)) {
                List<EpochRecord> records = EpochRecord.all(fromSpark);
                assertEquals(records, EpochRecord.all(fromDashboard));
                assertEquals(Map.of("loss", 1.0, "accuracy", 0.25), records.get(0).metrics());
                assertEquals(Map.of(), records.get(1).metrics(), "an empty metrics map");
                assertEquals(List.of(1, 2, 3), records.stream().map(EpochRecord::step).toList());
                assertEquals(0.25, records.get(1).value());
            } else {
                List<TrialRecord> records = TrialRecord.all(fromSpark);
                assertEquals(records, TrialRecord.all(fromDashboard));
                assertEquals(List.of(RunState.COMPLETE, RunState.FAILED), records.stream().map(TrialRecord::state).toList());
                assertEquals(List.of(0, 1), records.stream().map(TrialRecord::number).toList());
                assertEquals(0.25, records.get(0).objective());
                assertEquals(3.5, records.get(0).value("seconds").orElseThrow());
                assertEquals(Map.of("lr", 0.01), records.get(0).params());
                assertEquals(List.of(true, false), records.stream().map(TrialRecord::hasObjective).toList());
                assertEquals("two", records.get(1).study());
            }
            List<Map<String, Object>> expected = table[0].equals(StudyLayout.EPOCHS) ? epochs : trialRows;
            for (int i = 0; i < expected.size(); i++) {
                for (Map.Entry<String, Object> e : expected.get(i).entrySet()) {
                    assertEquals(e.getValue(), fromSpark.get(i).get(e.getKey()), table[0] + "." + e.getKey());
                }
            }
        }
        assertInstanceOf(Map.class, StudyTables.maps(spark.read().parquet(dir.resolve(StudyLayout.EPOCHS).toString())
                .orderBy("step").collectAsList()).get(0).get("metrics"));
    }
}
