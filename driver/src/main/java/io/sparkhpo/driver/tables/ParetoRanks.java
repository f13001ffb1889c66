package io.sparkhpo.driver.tables;

import io.sparkhpo.driver.study.StudyLayout;
import io.sparkhpo.search.pareto.Pareto;
import io.sparkhpo.search.trial.Direction;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code pareto_rank} column of a multi-objective study's trials table: each own COMPLETE trial's non-dominated
 * rank (0: the Pareto front; Deb et al.'s sorting) among the study's own COMPLETE trials, in the study's directions;
 * null for the others and for single-objective studies. Ranks change as trials finish, so they are written once the
 * trials have run: by {@code analyze}, which a sweep runs at its end (and which mends a study whose sweep stopped
 * before). Only rows whose rank changed are rewritten, each part file replaced whole.
 */
public final class ParetoRanks {

    /**
     * @param objectives the study's objectives (from its {@code objectives} column)
     * @param ranked     completed trials with every objective's value
     * @param front      of which on the Pareto front (rank 0)
     * @param rewritten  rows whose rank changed and were written again
     */
    public record Result(List<Objective> objectives, int ranked, int front, int rewritten) {
    }

    private ParetoRanks() {
    }

    /**
     * Brings the ranks of the study in {@code dir} up to date.
     *
     * @return empty for a single-objective study or a table written before schema version 5
     */
    public static Optional<Result> update(SparkSession spark, String dir) {
        Dataset<Row> table = spark.read().parquet(new Path(dir, StudyLayout.TRIALS).toString());
        if (!Arrays.asList(table.columns()).contains(StudyTables.PARETO_RANK)) {
            return Optional.empty();
        }
        List<Map<String, Object>> rows = StudyTables.maps(StudyTables.ownTrials(table).orderBy("trial").collectAsList());
        List<Objective> objectives = Objectives.of(TrialRecord.all(rows));
        if (objectives.size() < 2) {
            return Optional.empty();
        }
        List<Integer> before = rows.stream().map(r -> (Integer) r.get(StudyTables.PARETO_RANK)).toList();
        int[] counts = assign(objectives, rows);
        org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
        ParquetTableWriter writer = new ParquetTableWriter(dir, conf);
        Map<Integer, Integer> changed = new java.util.HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> r = rows.get(i);
            if (!Objects.equals(before.get(i), r.get(StudyTables.PARETO_RANK))) {
                changed.put((Integer) r.get("trial"), (Integer) r.get(StudyTables.PARETO_RANK));
            }
        }
        try {
            TableCompactor compactor = new TableCompactor(dir, conf);
            if (!changed.isEmpty() && compactor.compacted(StudyLayout.TRIALS)) {
                // rows of a compacted table share files: they are rewritten together, never deleted before their copy
                compactor.rewrite(StudyLayout.TRIALS, g -> {
                    int trial = g.getInteger("trial", 0);
                    boolean own = !g.getType().containsField(StudyTables.WARM_START)
                            || g.getFieldRepetitionCount(StudyTables.WARM_START) == 0;
                    return own && changed.containsKey(trial) ? TableCompactor.withInt(g, StudyTables.PARETO_RANK,
                            changed.get(trial)) : g;
                });
            } else {
                for (Map<String, Object> r : rows) {
                    if (changed.containsKey((Integer) r.get("trial"))) {
                        writer.append(StudyTables.TRIALS, StudyTables.tag((Integer) r.get("trial")), List.of(r));
                    }
                }
            }
        } catch (UncheckedIOException | java.io.IOException e) {
            throw new UncheckedIOException("writing the Pareto ranks of " + dir + " (run `sparkhpo analyze " + dir
                    + "` again): " + e.getMessage(), e instanceof java.io.IOException io ? io : ((UncheckedIOException) e).getCause());
        }
        int rewritten = changed.size();
        return Optional.of(new Result(objectives, counts[0], counts[1], rewritten));
    }

    /**
     * Sets the {@code pareto_rank} of each of a study's own trials rows: the rank among the COMPLETE ones with every
     * objective's value, null for the others.
     *
     * @return {completed trials ranked, of which on the front}
     */
    public static int[] assign(List<Objective> objectives, List<Map<String, Object>> rows) {
        List<Map<String, Object>> ranked = new ArrayList<>();
        List<double[]> points = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            r.put(StudyTables.PARETO_RANK, null);
            Optional<List<Double>> v = io.sparkhpo.executors.train.RunState.isComplete(r.get("state")) ? Objectives.values(objectives, r) : Optional.empty();
            if (v.isPresent()) {
                ranked.add(r);
                points.add(minimized(objectives, v.get()));
            }
        }
        int[] ranks = Pareto.ranks(points);
        for (int i = 0; i < ranks.length; i++) {
            ranked.get(i).put(StudyTables.PARETO_RANK, ranks[i]);
        }
        return new int[]{ranks.length, (int) Arrays.stream(ranks).filter(k -> k == 0).count()};
    }
    /** The values as points to minimize (a maximized objective negated), as {@link Pareto} ranks them. */
    static double[] minimized(List<Objective> objectives, List<Double> values) {
        double[] p = new double[values.size()];
        for (int j = 0; j < p.length; j++) {
            p[j] = objectives.get(j).direction() == Direction.MINIMIZE ? values.get(j) : -values.get(j);
        }
        return p;
    }
}
