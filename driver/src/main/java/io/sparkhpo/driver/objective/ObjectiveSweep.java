package io.sparkhpo.driver.objective;

import io.sparkhpo.driver.config.ObjectiveSweepConfig;
import io.sparkhpo.driver.runner.RunnerSpec;
import io.sparkhpo.driver.runner.SparkRunners;
import io.sparkhpo.driver.runner.TrialServer;
import io.sparkhpo.driver.study.RunFailure;
import io.sparkhpo.driver.study.UserError;
import io.sparkhpo.driver.runtime.CodeVersion;
import io.sparkhpo.driver.runtime.HadoopCheckpointStore;
import io.sparkhpo.driver.runtime.SparkSessions;
import io.sparkhpo.driver.runtime.StudyJournal;
import io.sparkhpo.driver.runtime.StudyOutput;
import io.sparkhpo.driver.tables.ParquetTableWriter;
import io.sparkhpo.driver.tables.TableSchema;
import io.sparkhpo.search.sampler.Sampler;
import io.sparkhpo.search.sampler.Samplers;
import io.sparkhpo.search.storage.JournalStorage;
import io.sparkhpo.search.study.Study;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Runs a sweep of a user's objective: prepares (or resumes) the study folder and its journal, starts Spark (or uses
 * the application's session), keeps one runner task per slot pulling trials from the driver ({@link TrialLoop}
 * over a {@link TrialServer}, with a {@link SampledPolicy} or a {@link PbtPolicy}), writes the tables as trials end ({@link Recorder}), and at the end ranks a
 * multi-objective study's Pareto front. Prints progress and a dispatch summary on stderr.
 */
public final class ObjectiveSweep {

    /**
     * @param overwrite   replace what an earlier sweep left in the study folder
     * @param parallelism trials at once, overriding the config
     * @param resume      continue the sweep whose journal is in the study folder
     * @param dashboard   serve the sweep's live dashboard on 127.0.0.1 at this port (0: a free one) while it runs
     */
    public record Options(boolean overwrite, OptionalInt parallelism, boolean resume, OptionalInt dashboard) {
        public Options(boolean overwrite, OptionalInt parallelism, boolean resume) {
            this(overwrite, parallelism, resume, OptionalInt.empty());
        }
    }

    /**
     * @param trials       every trial's row (earlier runs' of a resumed study too), in finishing order
     * @param seconds      the dispatch's wall time (from the first runner's start to the last trial's end)
     * @param trialSeconds the time spent inside objectives
     * @param parallelism  trials at once
     * @param ran          trials run by this call
     */
    public record Result(String directory, List<Map<String, Object>> trials, double seconds, double trialSeconds,
                         int parallelism, int ran) {

        /**
         * The sweep's last line: {@code sweep took S s: N trials, T s each on average; dispatch overhead M ms per trial
         * (P% of trial time)}, which {@code bench-cluster} reads.
         */
        public String summary() {
            double overhead = overheadMillisPerTrial();
            return String.format(Locale.ROOT, "sweep took %.1f s: %d trials, %.2f s each on average; dispatch overhead %.1f ms "
                    + "per trial (%.2f%% of trial time)", seconds, ran, ran == 0 ? 0 : trialSeconds / ran, overhead,
                    trialSeconds == 0 ? 0 : 100 * overhead * ran / 1000 / trialSeconds);
        }

        /** Slot time not spent inside objectives, per trial this call ran. */
        public double overheadMillisPerTrial() {
            return ran == 0 ? 0 : Math.max(0, parallelism * seconds - trialSeconds) / ran * 1000;
        }
    }

    private ObjectiveSweep() {
    }

    public static Result run(ObjectiveSweepConfig cfg, Options options, PrintStream err) {
        String dir = cfg.study().directory();
        StudyJournal.check(dir);
        Configuration local = new Configuration();
        boolean resume = options.resume();
        if (!resume && !options.overwrite() && cfg.search().autoResume() && StudyJournal.exists(dir, local)) {
            err.printf("sparkhpo: %s holds this study's journal: resuming it (search.resume = auto; --overwrite starts "
                    + "anew)%n", dir);
            resume = true;
        }
        if (resume) {
            if (cfg.file() != null) {
                StudyOutput.checkResumable(dir, cfg.file(), local);
            } else if (!StudyJournal.exists(dir, local)) {
                throw new UserError("nothing to resume in " + dir + ": no journal from an earlier sweep");
            }
        } else {
            StudyOutput.prepare(dir, options.overwrite(), local);
        }
        int trials = cfg.search().trials();
        OptionalInt requested = options.parallelism().isPresent() ? options.parallelism() : cfg.search().parallelism();
        int localParallelism = Math.max(1, Math.min(trials, requested.orElse(Runtime.getRuntime().availableProcessors())));
        boolean ownSession = SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = SparkSessions.start("sparkhpo " + cfg.study().name(), localParallelism,
                cfg.search().maxTrialRetries(), cfg.spark(), b -> { });
        JournalStorage storage = null;
        io.sparkhpo.driver.runtime.PbtJournal pbtJournal = null;
        try {
            int slots = spark.sparkContext().isLocal() ? localParallelism : SparkSessions.clusterSlots(spark);
            int parallelism = Math.max(1, Math.min(trials, requested.orElse(slots)));
            Configuration hadoop = spark.sparkContext().hadoopConfiguration();
            storage = StudyJournal.open(dir, hadoop);
            Study study = newStudy(cfg, storage);
            TableSchema schema = ObjectiveTables.trials(cfg.space(), cfg.fixed());
            List<Map<String, Object>> previous = resume ? Resume.reconcile(cfg, study, spark, dir, err) : List.of();
            if (!resume && cfg.file() != null) {
                StudyOutput.saveConfig(dir, cfg.file(), CodeVersion.get(), hadoop);
            }
            long finished = study.trials().stream().filter(t -> t.state().isFinished()).count();
            long orphans = study.trials().size() - finished;
            int toRun = (int) (orphans + Math.max(0, trials - study.trials().size()));
            int threads = SparkSessions.threadsPerTrial(spark, parallelism);
            err.printf("sparkhpo: study %s: %d trials of %s (%s sampler%s), %d at a time with %d thread(s) each, on %s; "
                            + "tables in %s%n", cfg.study().name(), trials, cfg.objective().className(),
                    cfg.search().sampler(), cfg.search().pruner() == io.sparkhpo.search.pruner.Pruner.NONE ? ""
                            : ", " + cfg.search().pruner() + " pruner", parallelism, threads, spark.sparkContext().master(), dir);
            if (resume) {
                err.printf("sparkhpo: resuming: %d trial(s) finished before, %d interrupted (run again, from their "
                        + "checkpoints if they saved one), %d new%n", finished, orphans, toRun - orphans);
            }
            ParquetTableWriter writer = new ParquetTableWriter(dir, hadoop);
            Recorder.StudyInfo info = new Recorder.StudyInfo(cfg.study().name(), cfg.objective().className(), cfg.names(),
                    cfg.describeObjectives(), CodeVersion.get());
            long t0 = System.nanoTime();
            Recorder recorder = new Recorder(study, writer, schema, info, toRun, err);
            String studyDir = StudyOutput.qualified(dir, hadoop);
            recorder.afterRecorded(n -> new HadoopCheckpointStore(HadoopCheckpointStore.pathFor(studyDir, n), hadoop).delete());
            HadoopCheckpointStore.deleteEnded(studyDir, study.trials().stream().filter(t -> t.state().isFinished())
                    .map(t -> t.number()).collect(java.util.stream.Collectors.toSet()), hadoop);
            pbtJournal = cfg.search().pbt().isPresent() ? io.sparkhpo.driver.runtime.PbtJournal.open(dir, hadoop) : null;
            TrialLoop.Policy policy = pbtJournal != null
                    ? new PbtPolicy(study, new io.sparkhpo.search.pbt.Pbt(cfg.search().pbt().get(), cfg.space()),
                    cfg.fixed(), cfg.search().seed(), cfg.maxSteps(), "step", studyDir, hadoop, pbtJournal,
                    study.trials().stream().filter(t -> t.state().isFinished()).map(t -> t.number())
                            .collect(java.util.stream.Collectors.toSet()), err)
                    : new SampledPolicy(study, toRun, cfg.fixed(), cfg.search().seed());
            TrialLoop loop = new TrialLoop(cfg.study().name(), policy, cfg.search().maxTrialRetries(), recorder);
            java.util.Optional<io.sparkhpo.driver.dashboard.DashboardServer> dashboard = dashboard(options.dashboard(), dir,
                    loop, hadoop, err);
            String again = "the same command resumes the study";
            try {
                serve(spark, new RunnerSpec(null, cfg.objective(), cfg.study().name(), studyDir, cfg.names(), threads), loop,
                        recorder, parallelism, cfg.search().maxTrialRetries(), "sparkhpo " + cfg.study().name(), again, err);
            } finally {
                dashboard.ifPresent(io.sparkhpo.driver.dashboard.DashboardServer::close);
                loop.abort(); // no serving thread waits for work after this, whatever ended the run
                try {
                    recorder.finish(); // what has ended is written before the journal and Spark are closed
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            java.util.Optional<RuntimeException> failed = recorder.failure().or(loop::failure);
            if (failed.isPresent()) {
                throw new RunFailure("the sweep stopped: " + failed.get().getMessage() + "; " + again);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (cfg.search().pbt().isPresent()) {
                writer.append(io.sparkhpo.driver.tables.StudyTables.PBT, "exploits", loop.policy().exploits());
                loop.policy().deleteCheckpoints();
            }
            List<Map<String, Object>> rows = new ArrayList<>(previous);
            rows.addAll(recorder.rows());
            if (cfg.names().size() > 1) {
                ParetoRanking.assign(cfg, rows, recorder.parts(), writer, schema);
            }
            Result result = new Result(dir, List.copyOf(rows), seconds, recorder.trialSeconds(), parallelism, toRun);
            err.printf("sparkhpo: %s%n", result.summary());
            return result;
        } finally {
            if (pbtJournal != null) {
                try {
                    pbtJournal.close();
                } catch (IOException ignored) {
                    // the lock goes with the process anyway
                }
            }
            if (storage != null) {
                try {
                    storage.close();
                } catch (IOException ignored) {
                    // the lock goes with the process anyway
                }
            }
            if (ownSession) {
                spark.stop();
            }
        }
    }

    /**
     * Serves the runners until every trial has ended; resubmits the runner job if Spark gives up on it early, up to
     * {@code maxRetries} times.
     *
     * @param runners     what every runner gets; its server address is filled in here
     * @param description the runner job's description in the Spark UI
     * @param again       how the user continues after a failure (for its message)
     */
    public static void serve(SparkSession spark, RunnerSpec runners, TrialLoop loop, Recorder recorder, int parallelism,
                             int maxRetries, String description, String again, PrintStream err) {
        // where executors reach the driver (Spark sets spark.driver.host), and where it listens (spark.driver.bindAddress,
        // which defaults to the host; on Kubernetes often 0.0.0.0 behind the advertised address)
        org.apache.spark.SparkConf conf = spark.sparkContext().getConf();
        String host = spark.sparkContext().isLocal() ? "127.0.0.1" : conf.get("spark.driver.host");
        String bind = spark.sparkContext().isLocal() ? "127.0.0.1" : conf.get("spark.driver.bindAddress", host);
        int port = runnerPort(conf);
        try (TrialServer server = new TrialServer(bind, host, port, loop)) {
            // a runner whose executor is gone may not close its connection (a machine lost): drop it, so its trial
            // runs again at once instead of when TCP gives up on it
            org.apache.spark.scheduler.SparkListener removed = new org.apache.spark.scheduler.SparkListener() {
                @Override
                public void onExecutorRemoved(org.apache.spark.scheduler.SparkListenerExecutorRemoved e) {
                    server.disconnect(e.executorId(), "its executor was removed (" + e.reason() + ")");
                }
            };
            spark.sparkContext().addSparkListener(removed);
            err.printf("sparkhpo: the runner tasks reach the driver at %s:%d%n", server.address().host(),
                    server.address().port());
            RunnerSpec spec = new RunnerSpec(server.address(), runners.objective(), runners.study(), runners.studyDir(),
                    runners.objectives(), runners.threads());
            SparkRunners jobs = new SparkRunners(new JavaSparkContext(spark.sparkContext()), spec, parallelism, description);
            jobs.start();
            try {
                while (!loop.awaitEnd(1000)) {
                    if (recorder.failure().isPresent()) {
                        loop.abort(); // no more trials; those in flight end (and are not recorded)
                    }
                    String failure = jobs.failure();
                    if (failure != null) {
                        if (jobs.submissions() > maxRetries) {
                            loop.abort();
                            throw new RunFailure("the runner tasks failed " + jobs.submissions() + " time(s), the "
                                    + "last time: " + failure + "; " + again);
                        }
                        err.printf("sparkhpo: the runner tasks' Spark job failed (%s); submitting it again%n", failure);
                        jobs.start();
                    }
                }
                jobs.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                loop.abort();
                jobs.cancel();
                throw new RunFailure("sweep interrupted");
            } finally {
                spark.sparkContext().removeSparkListener(removed);
            }
        } catch (IOException e) {
            throw new RunFailure("the driver could not serve its runners on " + bind + ":" + port + ": " + e.getMessage()
                    + (port == 0 ? "" : " (" + RUNNER_PORT + ")"));
        }
    }

    /**
     * {@code sweep --dashboard [PORT]}: the running sweep serves its own study, with the trials in flight and where
     * they run, on the driver's loopback address until the sweep ends. The URL is printed (on a cluster it is in the
     * driver's log; reach it through an SSH tunnel to the driver's host).
     */
    public static java.util.Optional<io.sparkhpo.driver.dashboard.DashboardServer> dashboard(OptionalInt port, String dir,
                                                                                          TrialLoop loop, Configuration hadoop,
                                                                                          PrintStream err) {
        if (port.isEmpty()) {
            return java.util.Optional.empty();
        }
        io.sparkhpo.driver.dashboard.DashboardServer d = io.sparkhpo.driver.dashboard.DashboardServer.start(
                List.of(new io.sparkhpo.driver.dashboard.DashboardServer.Served(dir, loop::runningTrials)),
                new io.sparkhpo.driver.dashboard.DashboardServer.Options("127.0.0.1", port.getAsInt(),
                        java.util.Optional.empty()), hadoop);
        err.printf("sparkhpo: dashboard of this sweep at %s (until the sweep ends; `sparkhpo dashboard %s` serves it "
                + "after)%n", d.uri(false), dir);
        return java.util.Optional.of(d);
    }

    private static final String RUNNER_PORT = io.sparkhpo.driver.config.ObjectiveConfigLoader.RUNNER_PORT;

    private static int runnerPort(org.apache.spark.SparkConf conf) {
        String v = conf.get(RUNNER_PORT, "0");
        try {
            int p = Integer.parseInt(v.trim());
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new UserError(RUNNER_PORT + " must be a port number (0 for a free one), got \"" + v + "\"");
        }
    }

    public static Study newStudy(ObjectiveSweepConfig cfg, io.sparkhpo.search.storage.Storage storage) {
        Sampler sampler = Samplers.get(cfg.search().sampler()).create(new Samplers.Context(cfg.search().seed(), cfg.space(),
                cfg.grid(), cfg.search().samplerSettings()), cfg.search().pruner());
        return new Study(cfg.study().name(), cfg.search().directions(), cfg.space(), sampler, cfg.search().pruner(), storage);
    }
}
