package io.sparkhpo.driver.retrain;

import io.sparkhpo.driver.config.SweepConfig;
import io.sparkhpo.driver.study.RunFailure;
import io.sparkhpo.driver.study.StudyLayout;
import io.sparkhpo.driver.study.UserError;
import io.sparkhpo.driver.runtime.HadoopCheckpointStore;
import io.sparkhpo.driver.runtime.SparkSessions;
import io.sparkhpo.driver.runtime.StudyData;
import io.sparkhpo.driver.runtime.StudyOutput;
import io.sparkhpo.driver.builtin.TrialFactory;
import io.sparkhpo.driver.tables.ParquetTableWriter;
import io.sparkhpo.executors.data.DataSpec;
import io.sparkhpo.executors.train.DataParallelTraining;
import io.sparkhpo.executors.train.Engines;
import io.sparkhpo.executors.train.LrController;
import io.sparkhpo.executors.train.TrainingEngine;
import io.sparkhpo.executors.train.TrialSpec;
import io.sparkhpo.search.trial.Trial;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.OptionalInt;

/**
 * {@code sparkhpo retrain --best STUDY}: trains a study's best configuration once more, on the whole training set,
 * data-parallel across the executors with an engine's {@link DataParallelTraining} (DL4J's Spark parameter averaging
 * today). After each epoch it appends a row to {@code STUDY/retrain/epochs} ({@link RetrainTable}) and replaces
 * {@code STUDY/retrain/model.zip}, from which {@code --resume} continues.
 */
public final class Retrain {

    /**
     * @param epochs             epochs to train (default: the study's)
     * @param workers            data-parallel workers (default: the cluster's task slots, or the local cores)
     * @param averagingFrequency steps each worker takes between two parameter averagings
     */
    public record Options(OptionalInt epochs, OptionalInt workers, int averagingFrequency, OptionalInt trainSize,
                          OptionalInt testSize, boolean resume, boolean overwrite) {
    }

    /**
     * @param trial          the retrained trial's number
     * @param trialObjective its objective in the sweep
     * @param testError      the retrained model's test error after the last epoch
     */
    public record Outcome(int trial, double trialObjective, double testError, int epochs, String model, String table) {
    }

    private Retrain() {
    }

    public static Outcome run(String studyDir, Options o, PrintStream err) {
        Configuration hadoop = new Configuration();
        SweepConfig cfg = StudyOutput.loadConfig("retrain", studyDir, hadoop);
        if (cfg.search().multiObjective()) {
            throw new UserError("retrain --best: " + studyDir + " is a study of " + cfg.search().objectives().size()
                    + " objectives (" + io.sparkhpo.driver.tables.Objectives.describe(cfg.search().objectives())
                    + "): its best trials are a Pareto front (pareto_rank = 0 in the trials table), not one trial");
        }
        if (cfg.training().swa().isPresent()) {
            throw new UserError("retrain: " + cfg.file() + " trains with SWA (training.swa), which data-parallel "
                    + "retraining does not do; remove training.swa from a copy of the config to retrain without it");
        }
        TrainingEngine engine = engine(cfg, err);
        prepare(studyDir + "/" + StudyLayout.RETRAIN, o, hadoop);
        boolean ownSession = SparkSession.getDefaultSession().isEmpty();
        int local = o.workers().orElse(Runtime.getRuntime().availableProcessors());
        SparkSession spark = SparkSessions.start(cfg, local);
        try {
            BestTrial best = BestTrial.of(spark, studyDir);
            java.util.Optional<PbtReplay> replay = cfg.search().pbt().map(x -> PbtReplay.read(studyDir,
                    o.epochs().orElse(cfg.training().epochs()), hadoop));
            if (replay.isPresent()) {
                best = new BestTrial(replay.get().member(), replay.get().finalTestError(), replay.get().paramsByEpoch().get(0));
                err.printf("sparkhpo: retrain: PBT member %d's schedule (%s): the parameters change at the epochs it "
                        + "learned them%n", best.number(), StudyLayout.PBT_SCHEDULE);
            }
            DataParallelTraining.Plan plan = plan(cfg, o, spark, best, local);
            if (plan.spec().optimizer() instanceof io.sparkhpo.executors.optim.SamSpec sam) {
                throw new UserError("retrain: trial " + best.number() + " trains with " + sam.label() + " (optimizer = "
                        + "sam): data-parallel retraining averages DL4J's own one-pass steps and cannot take SAM's two "
                        + "passes a step; train the configuration longer with a sweep of it alone instead");
            }
            announce(cfg, best, plan, studyDir, err);
            BestTrial trained = best;
            java.util.function.IntFunction<DataParallelTraining.Plan> byEpoch = replay.<java.util.function.IntFunction<DataParallelTraining.Plan>>map(
                    r -> e -> withParams(cfg, plan, trained.number(), r.paramsByEpoch().get(e))).orElse(e -> plan);
            return train(engine.dataParallel().orElseThrow(), byEpoch, cfg, best, studyDir, o.resume(), spark, err);
        } finally {
            if (ownSession) {
                spark.stop();
            }
        }
    }

    /** The study's engine if it trains data-parallel, else one that does (said on {@code err}). */
    private static TrainingEngine engine(SweepConfig cfg, PrintStream err) {
        String name = cfg.training().engine();
        TrainingEngine e = Engines.dataParallel(name).orElseThrow(() -> new UserError(
                "retrain: no training engine on the classpath trains data-parallel (known: " + Engines.available().keySet() + ")"));
        if (!e.name().equals(name)) {
            err.printf("sparkhpo: retrain: the sweep trained with %s; data-parallel retraining uses %s%n", name,
                    e.dataParallel().orElseThrow().describe());
        }
        return e;
    }

    /** The trial to retrain, its data, and how the work is split across the workers. */
    private static DataParallelTraining.Plan plan(SweepConfig cfg, Options o, SparkSession spark, BestTrial best, int local) {
        DataSpec data = StudyData.resolve(cfg.data(), o.trainSize(), o.testSize(), (which, asked, available, dir) ->
                new UserError("retrain: --" + which + "-size must be at most the " + available + " examples in " + dir
                        + ", got " + asked));
        int epochs = o.epochs().orElse(cfg.training().epochs());
        TrialSpec spec = new TrialFactory(cfg, data).spec(new Trial(best.number(), best.params()), data, epochs);
        boolean isLocal = spark.sparkContext().isLocal();
        int workers = o.workers().orElse(isLocal ? local : SparkSessions.clusterSlots(spark));
        int threads = isLocal ? Math.max(1, Runtime.getRuntime().availableProcessors() / workers)
                : Integer.parseInt(spark.conf().get("spark.task.cpus", "1"));
        return new DataParallelTraining.Plan(spec, data, epochs, workers, o.averagingFrequency(), threads);
    }

    private static void announce(SweepConfig cfg, BestTrial best, DataParallelTraining.Plan p, String studyDir, PrintStream err) {
        err.printf("sparkhpo: retrain: trial %d (%s = %.4f in the sweep): %s, batch %d per worker, %s%n", best.number(),
                cfg.search().objective().column(), best.objective(), p.spec().optimizer().label(), p.batch(),
                p.spec().schedule().describe());
        err.printf("sparkhpo: retrain: %d training and %d test images, %d epochs on %d workers, parameters averaged "
                        + "every %d steps (%d steps per epoch); output in %s%n", p.data().trainSize(), p.data().testSize(),
                p.epochs(), p.workers(), p.averagingFrequency(), p.stepsPerEpoch(), studyDir + "/" + StudyLayout.RETRAIN);
    }

    /** The plan with the trial's parameters replaced (a PBT schedule's at one epoch). */
    private static DataParallelTraining.Plan withParams(SweepConfig cfg, DataParallelTraining.Plan p, int trial,
                                                        java.util.Map<String, Object> params) {
        TrialSpec spec = new TrialFactory(cfg, p.data()).spec(new Trial(trial, params), p.data(), p.epochs());
        return new DataParallelTraining.Plan(spec, p.data(), p.epochs(), p.workers(), p.averagingFrequency(), p.threads());
    }

    /**
     * The epoch loop: train, evaluate, save the model, append the row, show progress; resumes if asked. Each epoch
     * trains under {@code plans.apply(e)}'s spec: where it changes (a PBT schedule's boundary) the run starts again
     * from the model saved after the epoch before, weights and optimizer state, under the new parameters.
     */
    private static Outcome train(DataParallelTraining training, java.util.function.IntFunction<DataParallelTraining.Plan> plans,
                                 SweepConfig cfg, BestTrial best, String studyDir, boolean resume, SparkSession spark,
                                 PrintStream err) {
        DataParallelTraining.Plan p = plans.apply(0);
        Path modelPath = new Path(studyDir, StudyLayout.RETRAIN_MODEL);
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        HadoopCheckpointStore model = new HadoopCheckpointStore(modelPath.toString(), hadoop);
        JavaSparkContext sc = new JavaSparkContext(spark.sparkContext());
        DataParallelTraining.Run run = training.start(sc, p);
        int from = 0;
        if (resume) {
            try {
                from = run.resume(model);
            } catch (IOException e) {
                throw new UserError("retrain: cannot read " + modelPath + " to resume: " + e.getMessage());
            }
            if (from > 0) {
                err.printf("sparkhpo: retrain: resuming after epoch %d of %d from %s%n", from, p.epochs(), modelPath);
            }
        }
        ParquetTableWriter writer = new ParquetTableWriter(studyDir, hadoop);
        LrController lr = new LrController(p.spec().optimizer(), p.spec().schedule(), p.epochs(), p.stepsPerEpoch(),
                p.globalBatch(), p.data().trainSize());
        double testError = Double.NaN;
        long start = System.nanoTime();
        for (int e = from; e < p.epochs(); e++) {
            DataParallelTraining.Plan now = plans.apply(e);
            if (!now.spec().equals(p.spec())) {
                p = now;
                run = training.start(sc, p);
                try {
                    run.resume(model);
                } catch (IOException ex) {
                    throw new UncheckedIOException("reading " + modelPath + ": " + ex.getMessage(), ex);
                }
                lr = new LrController(p.spec().optimizer(), p.spec().schedule(), p.epochs(), p.stepsPerEpoch(),
                        p.globalBatch(), p.data().trainSize());
                err.printf("sparkhpo: retrain: from epoch %d: %s%n", e + 1, TrialFactory.describe(p.spec()));
            }
            long t0 = System.nanoTime();
            sc.setJobDescription("sparkhpo retrain trial " + best.number() + " epoch " + (e + 1) + "/" + p.epochs());
            DataParallelTraining.EpochResult r = run.epoch(e);
            testError = r.testError();
            double seconds = (System.nanoTime() - t0) / 1e9;
            try {
                run.save(model);
            } catch (IOException ex) {
                throw new UncheckedIOException("writing " + modelPath + ": " + ex.getMessage(), ex);
            }
            writer.append(RetrainTable.SCHEMA, String.format("%05d", e + 1),
                    List.of(RetrainTable.row(cfg.study().name(), best.number(), e + 1, lr.plan(e, 0).lr(), r, p, seconds)));
            double elapsed = (System.nanoTime() - start) / 1e9;
            double eta = elapsed / (e + 1 - from) * (p.epochs() - e - 1);
            err.printf("sparkhpo: retrain: epoch %d/%d  train loss %.4f  test loss %.4f  test error %.4f  %.1f s  "
                    + "(ETA %s)%n", e + 1, p.epochs(), r.trainLoss(), r.testLoss(), testError, seconds, duration(eta));
            if (!Double.isFinite(r.trainLoss())) {
                throw new RunFailure("retrain: the training loss is " + r.trainLoss() + " in epoch " + (e + 1)
                        + "; the model of the last epoch is in " + modelPath);
            }
        }
        if (from >= p.epochs()) {
            testError = run.testError();
        }
        return new Outcome(best.number(), best.objective(), testError, p.epochs(), modelPath.toString(),
                new Path(studyDir, StudyLayout.RETRAIN_EPOCHS).toString());
    }

    /** Refuses to mix with an earlier retrain unless resuming it or replacing it. */
    private static void prepare(String out, Options o, Configuration conf) {
        Path dir = new Path(out);
        try {
            FileSystem fs = dir.getFileSystem(conf);
            if (!fs.exists(dir) || o.resume()) {
                return;
            }
            if (!o.overwrite()) {
                throw new UserError("retrain: " + out + " holds an earlier retrain; pass --resume to continue it or "
                        + "--overwrite to replace it");
            }
            fs.delete(dir, true);
        } catch (IOException e) {
            throw new UncheckedIOException("preparing " + out + ": " + e.getMessage(), e);
        }
    }

    private static String duration(double seconds) {
        java.time.Duration d = java.time.Duration.ofSeconds(Math.round(seconds));
        return d.toHours() > 0 ? String.format("%dh%02dm%02ds", d.toHours(), d.toMinutesPart(), d.toSecondsPart())
                : String.format("%dm%02ds", d.toMinutes(), d.toSecondsPart());
    }
}
