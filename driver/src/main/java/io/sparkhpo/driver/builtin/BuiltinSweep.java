package io.sparkhpo.driver.builtin;

import io.sparkhpo.driver.config.ObjectiveSource;
import io.sparkhpo.driver.config.SweepConfig;
import io.sparkhpo.driver.dashboard.DashboardServer;
import io.sparkhpo.driver.objective.ObjectiveSweep;
import io.sparkhpo.driver.objective.Recorder;
import io.sparkhpo.driver.objective.SampledPolicy;
import io.sparkhpo.driver.objective.TrialLoop;
import io.sparkhpo.driver.runner.Done;
import io.sparkhpo.driver.runner.RunnerSpec;
import io.sparkhpo.driver.runtime.CodeVersion;
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
        Recorder recorder = new Recorder(study, writer, new BuiltinRows(factory, cfg.search().objectives(), scaling,
                CodeVersion.get()), trials, err);
        TrialLoop loop = new TrialLoop(cfg.study().name(), new SampledPolicy(study, trials, Map.of(), cfg.search().seed()),
                cfg.search().maxTrialRetries(), recorder);
        Optional<DashboardServer> dashboard = ObjectiveSweep.dashboard(dashboardPort, dir, loop, hadoop, err);
        BuiltinObjective objective = new BuiltinObjective(factory, cfg.training().device(), cfg.search().segmentEpochs(),
                studyDir, cfg.search().pruner().toString());
        // the Spark UI's jobs page names the dashboard, as text: Spark 3.5 renders only root-relative links there
        String description = "sparkhpo " + cfg.study().name() + dashboard.map(d -> " · dashboard " + d.uri(false)).orElse("");
        String again = "the same command resumes the study";
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
        return loop.stopReason();
    }
}
