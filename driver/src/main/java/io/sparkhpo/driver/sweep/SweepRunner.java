package io.sparkhpo.driver.sweep;

import io.sparkhpo.driver.builtin.TrialFactory;
import io.sparkhpo.driver.runtime.CodeVersion;
import io.sparkhpo.driver.runtime.HadoopCheckpointStore;
import io.sparkhpo.driver.runtime.SparkSessions;
import io.sparkhpo.driver.runtime.StudyData;
import io.sparkhpo.driver.runtime.StudyJournal;
import io.sparkhpo.driver.runtime.StudyOutput;

import io.sparkhpo.driver.tables.Objectives;
import io.sparkhpo.driver.builtin.BuiltinSweep;
import io.sparkhpo.driver.builtin.TrialFactory;
import io.sparkhpo.driver.tables.ParetoRanks;
import io.sparkhpo.driver.study.UserError;
import io.sparkhpo.driver.config.ConfigError;
import io.sparkhpo.driver.config.SweepConfig;
import io.sparkhpo.driver.tables.ParquetTableWriter;
import io.sparkhpo.driver.tables.StudyTables;
import io.sparkhpo.executors.data.DataSpec;
import io.sparkhpo.executors.schedule.ScheduleSpec;
import io.sparkhpo.executors.schedule.Unit;
import io.sparkhpo.executors.train.Engines;
import io.sparkhpo.search.sampler.Sampler;
import io.sparkhpo.search.sampler.Samplers;
import io.sparkhpo.search.storage.InMemoryStorage;
import io.sparkhpo.search.storage.JournalStorage;
import io.sparkhpo.search.storage.Storage;
import io.sparkhpo.search.study.Study;
import io.sparkhpo.search.trial.Outcome;
import io.sparkhpo.search.trial.Trial;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Runs a validated sweep: finds and checks the data, prepares the study folder, starts Spark, dispatches the
 * trials, tells the study how each ended and appends its rows to the tables as soon as it finishes (so a crash
 * loses only the trials in flight), then stops Spark. Inside an application that already has a Spark session
 * (a notebook, a test), the sweep runs on that session and leaves it running.
 */
public final class SweepRunner {

    /**
     * @param overwrite   replace tables an earlier sweep left in the study folder
     * @param parallelism trials in flight, overriding the config
     * @param resume      continue the sweep whose journal and tables are in the study folder
     */
    public record Options(boolean overwrite, OptionalInt parallelism, boolean resume, OptionalInt dashboard) {
        public Options(boolean overwrite, OptionalInt parallelism) {
            this(overwrite, parallelism, false);
        }

        public Options(boolean overwrite, OptionalInt parallelism, boolean resume) {
            this(overwrite, parallelism, resume, OptionalInt.empty());
        }
    }

    /**
     * @param directory the study folder
     * @param trials    the trials table's rows, in finishing order
     * @param report    the analysis report ({@code analyze} at the end of the sweep), empty if it failed
     */
    public record Result(String directory, List<Map<String, Object>> trials, java.util.Optional<String> report) {
    }

    private SweepRunner() {
    }

    public static Result run(SweepConfig cfg, Options options, PrintStream err) {
        DataSpec data = resolveData(cfg, err);
        io.sparkhpo.driver.builtin.UserModels.check(cfg, data, err);
        String dir = cfg.study().directory();
        StudyJournal.check(dir);
        WarmStart.check(cfg, new Configuration());
        options = withAutoResume(cfg, options, err);
        if (options.resume()) {
            StudyOutput.checkResumable(dir, cfg.file(), new Configuration());
        } else {
            StudyOutput.prepare(dir, options.overwrite(), new Configuration());
        }
        int trials = cfg.search().trials();
        OptionalInt requested = options.parallelism().isPresent() ? options.parallelism() : cfg.search().parallelism();
        int localParallelism = Math.max(1, Math.min(trials, requested.orElse(defaultLocalParallelism(cfg))));
        boolean ownSession = SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = SparkSessions.start(cfg, localParallelism);
        Storage storage = null;
        try {
            // the cluster's slots first (waiting for its executors): an application the master refuses fails here,
            // before the journal exists, so the same command can be run again once that is fixed
            int slots = spark.sparkContext().isLocal() ? localParallelism : SparkSessions.clusterSlots(spark);
            int parallelism = Math.max(1, Math.min(trials, requested.orElse(slots)));
            storage = StudyJournal.open(dir, spark.sparkContext().hadoopConfiguration());
            int threads = SparkSessions.threadsPerTrial(spark, parallelism);
            Configuration hadoop = spark.sparkContext().hadoopConfiguration();
            Study study = newStudy(cfg, storage);
            List<Map<String, Object>> rows = Collections.synchronizedList(new ArrayList<>());
            List<Map<String, Object>> previous = List.of();
            if (options.resume()) {
                previous = reconcile(cfg, study, spark, dir, err);
            } else {
                StudyOutput.saveConfig(dir, cfg.file(), CodeVersion.get(), hadoop);
            }
            ParquetTableWriter writer = new ParquetTableWriter(dir, hadoop);
            WarmStart.apply(cfg, study, spark, previous, writer, err);
            previous.stream().filter(r -> r.get(StudyTables.WARM_START) == null).forEach(rows::add);
            long finished = study.trials().stream().filter(t -> t.state().isFinished()).count();
            long orphans = study.trials().size() - finished;
            int toAsk = (int) Math.max(0, trials - study.trials().size());
            err.printf("sparkhpo: study %s: %d trials (%s sampler), %d at a time with %d thread(s) each, on %s; "
                            + "tables in %s%n", cfg.study().name(), trials, cfg.search().sampler(), parallelism, threads,
                    spark.sparkContext().master(), dir);
            if (options.resume()) {
                long fromCheckpoint = study.trials().stream().filter(t -> !t.state().isFinished())
                        .filter(t -> new HadoopCheckpointStore(HadoopCheckpointStore.pathFor(dir, t.number()), hadoop).nextEpoch().isPresent())
                        .count();
                err.printf("sparkhpo: resuming: %d trial(s) finished before, %d interrupted (%d continue from their checkpoints, "
                        + "%d start over), %d new%n", finished, orphans, fromCheckpoint, orphans - fromCheckpoint, toAsk);
            }
            TrialFactory factory = new TrialFactory(cfg, data);
            java.util.Optional<String> stopped = BuiltinSweep.run(spark, cfg, factory, study, writer,
                    (int) (orphans + toAsk), parallelism, threads, options.dashboard(), rows, err);
            if (stopped.isPresent()) {
                throw new io.sparkhpo.driver.study.RunFailure("the sweep stopped after " + rows.size() + " trial(s): "
                        + stopped.get() + " (`sparkhpo doctor` checks every executor; the same command "
                        + "resumes the study once it is fixed)");
            }
            java.util.Optional<String> report = analyze(spark, dir, err);
            if (cfg.search().multiObjective()) {
                ParetoRanks.assign(cfg.search().objectives(), rows); // as analyze wrote them, for the summary
            }
            return new Result(dir, List.copyOf(rows), report);
        } finally {
            if (storage instanceof JournalStorage j) {
                try {
                    j.close();
                } catch (java.io.IOException ignored) {
                    // the lock goes with the process anyway
                }
            }
            if (ownSession) {
                spark.stop();
            }
        }
    }

    /**
     * {@code search.resume = auto}: a sweep whose study folder holds its own journal and config copy resumes it, unless
     * {@code --overwrite} says to start anew. The config must be the one it started with, as for {@code --resume}.
     */
    private static Options withAutoResume(SweepConfig cfg, Options options, PrintStream err) {
        String dir = cfg.study().directory();
        Configuration conf = new Configuration();
        if (options.resume() || options.overwrite() || !cfg.search().autoResume() || !StudyJournal.exists(dir, conf)
                || !StudyOutput.hasConfigCopy(dir, conf)) {
            return options;
        }
        err.printf("sparkhpo: %s holds this study's journal: resuming it (search.resume = auto; --overwrite starts anew)%n",
                dir);
        return new Options(false, options.parallelism(), true, options.dashboard());
    }

    /**
     * The analysis of the finished sweep. Its failure does not fail the sweep: the tables are complete, and
     * {@code sparkhpo analyze} can be run on them again.
     */
    private static java.util.Optional<String> analyze(SparkSession spark, String dir, PrintStream err) {
        try {
            return java.util.Optional.of(io.sparkhpo.driver.analysis.StudyAnalyzer.analyze(spark, dir, err).report());
        } catch (RuntimeException e) {
            err.printf("sparkhpo: the analysis failed (%s); the tables are complete: run `sparkhpo analyze %s` to try again%n",
                    e.getMessage(), dir);
            return java.util.Optional.empty();
        }
    }

    /**
     * Squares the journal with the tables before a resumed sweep goes on. The trials table is written before the
     * journal records a trial's end, so a trial the journal still calls RUNNING may already have its row: it is told
     * from that row instead of being run again. Returns every row already in the table (warm-start rows included).
     */
    private static List<Map<String, Object>> reconcile(SweepConfig cfg, Study study, SparkSession spark, String dir, PrintStream err) {
        List<Map<String, Object>> rows = new ArrayList<>();
        org.apache.hadoop.fs.Path table = new org.apache.hadoop.fs.Path(dir, StudyTables.TRIALS.name());
        try {
            org.apache.hadoop.fs.FileSystem fs = table.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(table) || fs.listStatus(table, p -> p.getName().endsWith(".parquet") && !p.getName().startsWith("_")).length == 0) {
                return rows;
            }
        } catch (java.io.IOException e) {
            throw new UserError("cannot read " + table + ": " + e.getMessage());
        }
        for (Map<String, Object> m : StudyTables.maps(spark.read().parquet(table.toString()).collectAsList())) {
            rows.add(m);
            if (m.get(StudyTables.WARM_START) != null) {
                continue; // an earlier study's trial (search.warm_start), not one of the journal's
            }
            int n = (Integer) m.get("trial");
            if (n < study.trials().size() && study.trials().get(n).state() == io.sparkhpo.search.trial.TrialState.RUNNING) {
                java.util.Optional<List<Double>> values = io.sparkhpo.executors.train.RunState.isComplete(m.get("state"))
                        ? Objectives.values(cfg.search().objectives(), m) : java.util.Optional.empty();
                study.tell(n, values.isPresent() ? new Outcome.Complete(values.get())
                        : "PRUNED".equals(m.get("state")) ? new Outcome.Pruned((Integer) m.get("epochs_run"))
                        : new Outcome.Failed(m.get("state") + ": " + m.get("error")));
                err.printf("sparkhpo: trial %d had finished (%s) just before the interruption; kept from the tables%n", n, m.get("state"));
            }
        }
        return rows;
    }

    /**
     * Trials at once in local mode when the config does not say: one per core (single-threaded DL4J trials side by
     * side beat one multi-threaded trial), or the engine's limit per JVM (libtorch: 1; it uses every core for one
     * trial, and trials in one JVM take turns at its one gradient collector).
     */
    public static int defaultLocalParallelism(SweepConfig cfg) {
        int cores = Runtime.getRuntime().availableProcessors();
        return Math.min(cores, Engines.get(cfg.training().engine()).trialsPerJvm().orElse(cores));
    }

    /** The parameters of the first {@code n} trials the sweep would run, without running anything. */
    public static List<Map<String, Object>> plan(SweepConfig cfg, int n) {
        Study study = newStudy(cfg);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Trial t = study.ask();
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("trial", t.number());
            p.putAll(cfg.fixed());
            p.putAll(t.params());
            out.add(p);
        }
        return out;
    }

    public static Study newStudy(SweepConfig cfg) {
        return newStudy(cfg, new InMemoryStorage());
    }

    static Study newStudy(SweepConfig cfg, Storage storage) {
        Sampler sampler = Samplers.get(cfg.search().sampler()).create(new Samplers.Context(cfg.search().seed(), cfg.space(),
                cfg.grid(), cfg.search().samplerSettings()), cfg.search().pruner());
        return new Study(cfg.study().name(), cfg.search().directions(), cfg.space(), sampler, cfg.search().pruner(), storage);
    }

    /** Finds the data (downloading if allowed), loads and checks it, and fixes the subset sizes. */
    public static DataSpec resolveData(SweepConfig cfg, PrintStream err) {
        SweepConfig.Data d = cfg.data();
        DataSpec data = StudyData.resolve(d, d.trainSize(), d.testSize(), (which, asked, available, dir) -> {
            String key = "data." + which + "_size";
            return new ConfigError(cfg.file().toString(), key, key + " must be at most the " + available
                    + " examples in " + dir + ", got " + asked);
        });
        int[] full = StudyData.fullSizes(data);
        err.printf("sparkhpo: data %s from %s: %d of %d training and %d of %d test images%n", d.name(), data.path(),
                data.trainSize(), full[0], data.testSize(), full[1]);
        checkScheduleFits(cfg, data.trainSize());
        return data;
    }

    /**
     * An explicit one_cycle total_steps must cover the run at the smallest batch size the sweep can pick (PyTorch
     * raises when OneCycleLR is stepped past its end).
     */
    static void checkScheduleFits(SweepConfig cfg, int trainSize) {
        ScheduleSpec s = cfg.schedule();
        Object total = s.params().get("total_steps");
        if (!s.name().equals("one_cycle") || total == null) {
            return;
        }
        long batch = smallestBatch(cfg);
        long perEpoch = (trainSize + batch - 1) / batch;
        long steps = s.unit() == Unit.ITERATION ? cfg.training().epochs() * perEpoch : cfg.training().epochs();
        if ((Double) total < steps) {
            throw new ConfigError(cfg.file().toString(), "schedule.total_steps", "schedule.total_steps must cover the run: "
                    + steps + " " + s.unit().configName() + "s (" + cfg.training().epochs() + " epochs"
                    + (s.unit() == Unit.ITERATION ? " x " + perEpoch + " batches of " + batch : "") + "), got "
                    + String.format("%.0f", (Double) total));
        }
    }

    private static long smallestBatch(SweepConfig cfg) {
        String key = io.sparkhpo.driver.config.Hyperparameter.BATCH_SIZE.key();
        if (cfg.space().params().containsKey(key)) {
            return cfg.space().get(key).grid(2).stream().mapToLong(v -> (Long) v).min().orElseThrow();
        }
        return io.sparkhpo.driver.config.TrialParameters.batchSize(cfg.fixed());
    }
}
