package io.sparkhpo.driver.builtin;

import io.sparkhpo.driver.config.ObjectiveSource;
import io.sparkhpo.driver.config.SweepConfig;
import io.sparkhpo.driver.dashboard.DashboardServer;
import io.sparkhpo.driver.objective.ObjectiveSweep;
import io.sparkhpo.driver.objective.PbtPolicy;
import io.sparkhpo.driver.runtime.PbtJournal;
import io.sparkhpo.driver.study.StudyLayout;
import io.sparkhpo.search.json.Json;
import io.sparkhpo.search.pbt.Pbt;
import org.apache.hadoop.fs.Path;
import io.sparkhpo.driver.objective.Recorder;
import io.sparkhpo.driver.objective.SampledPolicy;
import io.sparkhpo.driver.objective.TrialLoop;
import io.sparkhpo.driver.runner.Done;
import io.sparkhpo.driver.runner.RunnerSpec;
import io.sparkhpo.driver.runtime.CodeVersion;
import io.sparkhpo.driver.runtime.HadoopCheckpointStore;
import io.sparkhpo.driver.runtime.StudyOutput;
import io.sparkhpo.driver.study.RunFailure;
import io.sparkhpo.driver.tables.ParquetTableWriter;
import io.sparkhpo.driver.tables.StudyTables;
import io.sparkhpo.search.study.Study;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A sweep of the built-in training through the one trial loop: the runners run {@link BuiltinObjective} as they run a
 * user's objective ({@link ObjectiveSweep#serve}), the study's sampler and pruner decide ({@link SampledPolicy}), and
 * the {@link Recorder} writes {@link BuiltinRows}.
 */
public final class BuiltinSweep {

    private BuiltinSweep() {
    }

    /**
     * Runs {@code trials} trials of {@code study} (a resumed study's interrupted ones first).
     *
     * @param rows where each trial's row goes as it is written
     * @return why the sweep stopped before its trials ended (a device the engine cannot use); empty when it did not
     */
    public static Optional<String> run(SparkSession spark, SweepConfig cfg, TrialFactory factory, Study study,
                                       ParquetTableWriter writer, int trials, int parallelism, int threads,
                                       OptionalInt dashboardPort, List<Map<String, Object>> rows, PrintStream err) {
        String dir = cfg.study().directory();
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        String studyDir = StudyOutput.qualified(dir, hadoop);
        StudyTables.Scaling scaling = cfg.training().linearScaling()
                ? new StudyTables.Scaling(true, cfg.training().baseBatchSize().getAsInt()) : StudyTables.Scaling.NONE;
        Optional<Pbt.Settings> pbt = cfg.search().pbt();
        Recorder recorder = new Recorder(study, writer, new BuiltinRows(factory, cfg.search().objectives(), scaling,
                CodeVersion.get(), pbt.isPresent()), pbt.isPresent() ? pbtMembersToRun(study, pbt.get()) : trials, err);
        recorder.afterRecorded(n -> new HadoopCheckpointStore(HadoopCheckpointStore.pathFor(studyDir, n), hadoop).delete());
        HadoopCheckpointStore.deleteEnded(studyDir, study.trials().stream().filter(t -> t.state().isFinished())
                .map(t -> t.number()).collect(java.util.stream.Collectors.toSet()), hadoop);
        PbtJournal journal = pbt.isPresent() ? PbtJournal.open(dir, hadoop) : null;
        try {
            TrialLoop.Policy policy = pbt.isPresent() ? pbtPolicy(cfg, pbt.get(), study, studyDir, hadoop, journal, err)
                    : new SampledPolicy(study, trials, Map.of(), cfg.search().seed());
            return run(spark, cfg, factory, policy, recorder, parallelism, threads, dashboardPort, studyDir, rows, err);
        } finally {
            if (journal != null) {
                try {
                    journal.close();
                } catch (java.io.IOException ignored) {
                    // the lock goes with the process anyway
                }
            }
        }
    }

    private static Optional<String> run(SparkSession spark, SweepConfig cfg, TrialFactory factory, TrialLoop.Policy policy,
                                        Recorder recorder, int parallelism, int threads, OptionalInt dashboardPort,
                                        String studyDir, List<Map<String, Object>> rows, PrintStream err) {
        String dir = cfg.study().directory();
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        TrialLoop loop = new TrialLoop(cfg.study().name(), policy, cfg.search().maxTrialRetries(), recorder);
        Optional<DashboardServer> dashboard = ObjectiveSweep.dashboard(dashboardPort, dir, loop, hadoop, err);
        BuiltinObjective objective = new BuiltinObjective(factory, cfg.training().device(), cfg.search().segmentEpochs(),
                studyDir, cfg.search().pruner().toString(), cfg.search().pbt().isPresent());
        // the Spark UI's jobs page names the dashboard, as text: Spark 3.5 renders only root-relative links there
        String description = "sparkhpo " + cfg.study().name() + dashboard.map(d -> " · dashboard " + d.uri(false)).orElse("");
        String again = "the same command resumes the study";
        long t0 = System.nanoTime();
        try {
            ObjectiveSweep.serve(spark, new RunnerSpec(null, ObjectiveSource.of(objective), cfg.study().name(), studyDir,
                    List.of(Done.VALUE), threads), loop, recorder, parallelism, cfg.search().maxTrialRetries(), description,
                    again, err);
        } finally {
            dashboard.ifPresent(DashboardServer::close);
            loop.abort();
            try {
                recorder.finish();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            rows.addAll(recorder.rows());
        }
        Optional<RuntimeException> failed = recorder.failure().or(loop::failure);
        if (failed.isPresent()) {
            throw new RunFailure("the sweep stopped: " + failed.get().getMessage() + "; " + again);
        }
        int ran = recorder.rows().size();
        err.printf("sparkhpo: %s%n", new ObjectiveSweep.Result(dir, List.of(), (System.nanoTime() - t0) / 1e9,
                recorder.trialSeconds(), parallelism, ran).summary());
        if (policy instanceof PbtPolicy p) {
            new ParquetTableWriter(dir, hadoop).append(StudyTables.PBT, "exploits", p.exploits());
            if (loop.stopReason().isEmpty()) { // a stopped population keeps its checkpoints: the same command resumes it
                schedule(p, rows).ifPresent(s -> write(new Path(dir, StudyLayout.PBT_SCHEDULE), Json.write(s), hadoop));
                p.deleteCheckpoints();
            }
        }
        return loop.stopReason();
    }

    /** The members a PBT sweep still runs: the population, less those a resumed sweep finished. */
    private static int pbtMembersToRun(Study study, Pbt.Settings settings) {
        long finished = study.trials().stream().filter(t -> t.state().isFinished()).count();
        return (int) Math.max(0, settings.population() - finished);
    }

    private static PbtPolicy pbtPolicy(SweepConfig cfg, Pbt.Settings settings, Study study, String studyDir,
                                       Configuration hadoop, PbtJournal journal, PrintStream err) {
        err.printf(java.util.Locale.ROOT, "sparkhpo: pbt: %d members, %s every %d epoch(s): the bottom %.0f%% take a top "
                        + "member's checkpoint and explore %s (%s)%n", settings.population(),
                settings.synchronous() ? "synchronous generations" : "asynchronous exploits", settings.interval(),
                100 * settings.quantileFraction(), settings.mutations(), settings.pb2()
                        ? "PB2: a GP bandit's upper confidence bound, perturbation until it has 3 observations"
                        : String.format(java.util.Locale.ROOT, "factors %s, resampled with probability %.2f",
                        settings.factors(), settings.resampleProbability()));
        java.util.Set<Integer> finished = study.trials().stream().filter(t -> t.state().isFinished()).map(t -> t.number())
                .collect(java.util.stream.Collectors.toSet());
        return new PbtPolicy(study, new Pbt(settings, cfg.space()), Map.of(), cfg.search().seed(), cfg.training().epochs(),
                "epoch", studyDir, hadoop, journal, finished, err);
    }

    /**
     * The best completed member's lineage ({@code pbt_schedule.json}, which {@code retrain --best} replays): the
     * lowest final test error, ties to the lowest number. Empty when no member completed.
     */
    private static Optional<Map<String, Object>> schedule(PbtPolicy policy, List<Map<String, Object>> rows) {
        return rows.stream().filter(r -> io.sparkhpo.executors.train.RunState.isComplete(r.get("state")) && r.get("final_test_error") != null)
                .min(java.util.Comparator.<Map<String, Object>>comparingDouble(r -> ((Number) r.get("final_test_error"))
                        .doubleValue()).thenComparingInt(r -> (Integer) r.get("trial")))
                .map(best -> {
                    Map<String, Object> out = new java.util.LinkedHashMap<>();
                    out.put("member", best.get("trial"));
                    out.put("final_test_error", best.get("final_test_error"));
                    out.put("segments", policy.lineage((Integer) best.get("trial")));
                    return out;
                });
    }

    private static void write(Path p, String text, Configuration conf) {
        try (org.apache.hadoop.fs.FSDataOutputStream out = p.getFileSystem(conf).create(p, true)) {
            out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("writing " + p + ": " + e.getMessage(), e);
        }
    }
}
