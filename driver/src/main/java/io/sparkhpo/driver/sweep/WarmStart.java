package io.sparkhpo.driver.sweep;

import io.sparkhpo.driver.tables.Objectives;
import io.sparkhpo.driver.config.ConfigError;
import io.sparkhpo.driver.config.SweepConfig;
import io.sparkhpo.driver.study.StudyLayout;
import io.sparkhpo.driver.tables.Column;
import io.sparkhpo.driver.tables.ParquetTableWriter;
import io.sparkhpo.driver.tables.StudyTables;
import io.sparkhpo.search.json.Json;
import io.sparkhpo.search.space.Distribution;
import io.sparkhpo.search.space.FloatDistribution;
import io.sparkhpo.search.space.IntDistribution;
import io.sparkhpo.search.space.SearchSpace;
import io.sparkhpo.search.study.Study;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code search.warm_start = [STUDY_DIR, ...]}: the completed trials of earlier studies, given to the sampler before
 * the first ask (as Optuna's {@code add_trials}) and copied into this study's trials table with their folder in the
 * {@code warm_start} column; they are not run again.
 *
 * <p>A trial's values are this study's objective columns of its row ({@code final_test_error}, say), so studies
 * that minimized another objective still count. Its parameters are those of this study's space: searched values from its
 * {@code params}, else the same-named column of its row (a value the earlier study held fixed); parameters outside
 * this space are dropped. A trial that then misses an active parameter, or has one outside this space, is skipped.
 * Both are reported. A resumed study reads the copied rows from its own table, so its sources may have moved since.
 */
final class WarmStart {

    /** The trials for the sampler and the rows they came from. */
    record Trials(List<Map<String, Object>> params, List<List<Double>> values, List<Map<String, Object>> rows) {
    }

    private WarmStart() {
    }

    /**
     * Gives {@code study} its warm start: from the copied rows in its own table when they are there (a resumed
     * study), else from the configured folders, whose rows it then copies into the table.
     *
     * @param ownRows the rows already in this study's trials table (empty for a new study)
     */
    static void apply(SweepConfig cfg, Study study, SparkSession spark, List<Map<String, Object>> ownRows,
                      ParquetTableWriter writer, PrintStream err) {
        if (cfg.search().warmStart().isEmpty()) {
            return;
        }
        List<Map<String, Object>> copied = ownRows.stream().filter(r -> r.get(StudyTables.WARM_START) != null).toList();
        Trials t;
        if (copied.isEmpty()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (String dir : cfg.search().warmStart()) {
                rows.addAll(read(cfg, spark, dir));
            }
            t = select(cfg, rows, err);
            if (!t.rows().isEmpty()) {
                writer.append(StudyTables.TRIALS, "warm-start", t.rows());
            }
        } else {
            t = select(cfg, copied, err);
        }
        study.warmStart(t.params(), t.values());
    }

    /**
     * Fails unless every configured folder holds a trials table: before the sweep creates anything.
     *
     * @throws ConfigError naming the folder
     */
    static void check(SweepConfig cfg, Configuration conf) {
        for (String dir : cfg.search().warmStart()) {
            Path table = new Path(dir, StudyLayout.TRIALS);
            try {
                if (!table.getFileSystem(conf).exists(table)) {
                    throw new ConfigError(cfg.file().toString(), "search.warm_start", "search.warm_start: " + dir
                            + " holds no trials table (" + table + "): name the folder of a study that ran");
                }
            } catch (IOException e) {
                throw new ConfigError(cfg.file().toString(), "search.warm_start", "search.warm_start: cannot read " + table
                        + ": " + e.getMessage());
            }
        }
    }

    /** The rows of {@code dir}'s trials table, each marked with {@code dir}. */
    static List<Map<String, Object>> read(SweepConfig cfg, SparkSession spark, String dir) {
        Path table = new Path(dir, StudyLayout.TRIALS);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> m : StudyTables.maps(StudyTables.ownTrials(spark.read().parquet(table.toString()))
                .orderBy("trial").collectAsList())) {
            for (Column c : StudyTables.TRIALS.columns()) {
                if (!m.containsKey(c.name()) && !c.nullable()) {
                    throw new ConfigError(cfg.file().toString(), "search.warm_start", "search.warm_start: " + table
                            + " has no column " + c.name() + " (written at schema version " + m.get("schema_version")
                            + ", this is " + StudyTables.SCHEMA_VERSION + ")");
                }
                m.putIfAbsent(c.name(), null);
            }
            m.keySet().retainAll(StudyTables.TRIALS.columns().stream().map(Column::name).toList());
            m.put(StudyTables.WARM_START, dir);
            rows.add(m);
        }
        return rows;
    }

    /** The completed rows that fit this study's space, with the reasons for the others printed. */
    static Trials select(SweepConfig cfg, List<Map<String, Object>> rows, PrintStream err) {
        SearchSpace space = cfg.space();
        String objective = Objectives.describe(cfg.search().objectives()).replace(",", ", ");
        List<Map<String, Object>> params = new ArrayList<>();
        List<List<Double>> values = new ArrayList<>();
        List<Map<String, Object>> used = new ArrayList<>();
        TreeSet<String> dropped = new TreeSet<>();
        Map<String, Integer> skipped = new TreeMap<>();
        for (Map<String, Object> row : rows) {
            java.util.Optional<List<Double>> v = io.sparkhpo.executors.train.RunState.isComplete(row.get("state"))
                    ? Objectives.values(cfg.search().objectives(), row) : java.util.Optional.empty();
            if (v.isEmpty()) {
                skipped.merge("not COMPLETE with a value of " + objective, 1, Integer::sum);
                continue;
            }
            Map<String, Object> searched = Json.read((String) row.get("params"));
            searched.keySet().stream().filter(k -> !space.params().containsKey(k)).forEach(dropped::add);
            Map<String, Object> p = new LinkedHashMap<>();
            for (String name : space.names()) {
                Object given = searched.containsKey(name) ? searched.get(name) : row.get(name);
                if (given != null) {
                    p.put(name, coerce(space.get(name), given));
                }
            }
            for (String name : space.names()) {
                if (p.containsKey(name) && !space.isActive(name, p)) {
                    p.remove(name);
                }
            }
            java.util.Optional<String> misfit = misfit(space, p);
            if (misfit.isPresent()) {
                skipped.merge(misfit.get(), 1, Integer::sum);
                continue;
            }
            params.add(p);
            values.add(v.get());
            used.add(row);
        }
        StringBuilder why = new StringBuilder();
        skipped.forEach((reason, n) -> why.append(why.isEmpty() ? "" : "; ").append(n).append(" skipped: ").append(reason));
        err.printf("sparkhpo: warm start: %d completed trial(s) of %s given to the sampler%s%s%n", used.size(),
                String.join(", ", cfg.search().warmStart()), why.isEmpty() ? "" : " (" + why + ")",
                dropped.isEmpty() ? "" : "; parameters not in this space dropped: " + String.join(", ", dropped));
        return new Trials(params, values, used);
    }

    /** Why {@code p} (inactive parameters already removed) does not fit {@code space}, if it does not. */
    private static java.util.Optional<String> misfit(SearchSpace space, Map<String, Object> p) {
        for (String name : space.names()) {
            if (space.isActive(name, p) && !p.containsKey(name)) {
                return java.util.Optional.of("parameter '" + name + "' is missing");
            }
            if (p.containsKey(name) && !space.get(name).contains(p.get(name))) {
                return java.util.Optional.of("parameter '" + name + "' is outside this space");
            }
        }
        return java.util.Optional.empty();
    }

    /** A value as the distribution holds it: integers as Long, reals as Double (JSON and table columns vary). */
    private static Object coerce(Distribution d, Object v) {
        if (d instanceof IntDistribution && v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        if (d instanceof FloatDistribution && v instanceof Number n) {
            return n.doubleValue();
        }
        return v;
    }
}
