package io.sparkhpo.driver.sweep;

import io.sparkhpo.driver.config.SweepConfig;
import io.sparkhpo.driver.config.SweepConfigLoader;
import io.sparkhpo.driver.tables.ParquetTableWriter;
import io.sparkhpo.driver.tables.StudyTables;
import io.sparkhpo.driver.tables.TableSchema;
import io.sparkhpo.executors.data.Batches;
import io.sparkhpo.executors.data.DataCache;
import io.sparkhpo.executors.data.DataLocator;
import io.sparkhpo.executors.data.DataSpec;
import io.sparkhpo.executors.data.PreparedData;
import io.sparkhpo.executors.train.Engines;
import io.sparkhpo.executors.train.LrController;
import io.sparkhpo.executors.train.TrialSpec;
import io.sparkhpo.executors.train.dl4j.DataParallel;
import io.sparkhpo.executors.train.dl4j.DataParallelPlan;
import io.sparkhpo.executors.train.dl4j.Dl4jEngine;
import io.sparkhpo.search.trial.Trial;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.DoubleAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.IntStream;

import static io.sparkhpo.driver.tables.Column.Type.DOUBLE;
import static io.sparkhpo.driver.tables.Column.Type.INT;
import static io.sparkhpo.driver.tables.Column.Type.STRING;
import static io.sparkhpo.driver.tables.Column.required;

/**
 * {@code sparkhpo retrain --best STUDY}: trains a study's best configuration once more, on the whole training set,
 * data-parallel across the executors with DL4J's Spark parameter averaging ({@link ParameterAveragingTrainingMaster}).
 * Each worker trains its share of each epoch's minibatches with the trial's optimizer, decay convention, schedule
 * and clipping ({@link DataParallel}); every {@code averagingFrequency} steps the driver averages the parameters
 * and the optimizer state. After each epoch it evaluates on the test set across the executors, appends a row to
 * {@code STUDY/retrain/epochs} and replaces {@code STUDY/retrain/model.zip} (DL4J's model file, updater state
 * included), from which {@code --resume} continues.
 */
public final class Retrain {

    public static final String FOLDER = "retrain";
    static final String MODEL = "model.zip";

    public static final TableSchema TABLE = new TableSchema("epochs", List.of(
            required("study", STRING), required("trial", INT), required("epoch", INT), required("lr", DOUBLE),
            required("train_loss", DOUBLE), required("test_loss", DOUBLE), required("test_error", DOUBLE),
            required("workers", INT), required("averaging_frequency", INT), required("steps", INT),
            required("seconds", DOUBLE)));

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
        SweepConfig cfg = loadStudyConfig(studyDir, hadoop);
        if (cfg.training().swa().isPresent()) {
            throw new SweepError("retrain: " + cfg.file() + " trains with SWA (training.swa), which data-parallel "
                    + "retraining does not do; remove training.swa from a copy of the config to retrain without it");
        }
        String out = studyDir + "/" + FOLDER;
        prepare(out, o, hadoop);
        boolean ownSession = SparkSession.getDefaultSession().isEmpty();
        int local = o.workers().orElse(Runtime.getRuntime().availableProcessors());
        SparkSession spark = SparkSessions.start(cfg, local);
        try {
            Best best = best(spark, studyDir);
            DataSpec data = data(cfg, o);
            int epochs = o.epochs().orElse(cfg.training().epochs());
            TrialSpec spec = new TrialFactory(cfg, data).spec(new Trial(best.number(), best.params()), data, epochs);
            int workers = o.workers().orElse(spark.sparkContext().isLocal() ? local : SparkSessions.clusterSlots(spark));
            int threads = spark.sparkContext().isLocal() ? Math.max(1, Runtime.getRuntime().availableProcessors() / workers)
                    : Integer.parseInt(spark.conf().get("spark.task.cpus", "1"));
            int batch = spec.batchSize();
            int minibatches = (data.trainSize() + batch - 1) / batch;
            int perSplit = workers * o.averagingFrequency();
            int stepsPerEpoch = ((minibatches + perSplit - 1) / perSplit) * o.averagingFrequency();
            DataParallelPlan plan = DataParallelPlan.of(spec, epochs, stepsPerEpoch, workers * batch, data.trainSize());
            if (!cfg.training().engine().equals(Dl4jEngine.NAME)) {
                err.printf("sparkhpo: retrain: the sweep trained with %s; data-parallel retraining uses dl4j (dl4j-spark)%n",
                        cfg.training().engine());
            }
            err.printf("sparkhpo: retrain: trial %d (%s = %.4f in the sweep): %s, batch %d per worker, %s%n", best.number(),
                    cfg.search().objective().configName(), best.objective(), spec.optimizer().label(), batch,
                    spec.schedule().describe());
            err.printf("sparkhpo: retrain: %d training and %d test images, %d epochs on %d workers, parameters averaged "
                            + "every %d steps (%d steps per epoch); output in %s%n", data.trainSize(), data.testSize(), epochs,
                    workers, o.averagingFrequency(), stepsPerEpoch, out);

            Engines.get(Dl4jEngine.NAME).setIntraOpThreads(threads);
            PreparedData prepared = DataCache.get(data);
            Path modelPath = new Path(out, MODEL);
            HadoopCheckpointStore modelFile = new HadoopCheckpointStore(modelPath.toString(), hadoop);
            ComputationGraph graph = DataParallel.network(spec, prepared.train(), plan);
            int from = 0;
            java.util.Optional<ComputationGraph> previous = o.resume() ? readModel(modelFile, modelPath) : java.util.Optional.empty();
            if (previous.isPresent()) {
                // the saved network's weights and optimizer state, under this run's plan (epochs and workers may differ)
                ComputationGraph saved = previous.get();
                graph.setParams(saved.params());
                graph.getUpdater().setStateViewArray(saved.getUpdater().getStateViewArray());
                from = saved.getConfiguration().getEpochCount();
                saved.clear();
                err.printf("sparkhpo: retrain: resuming after epoch %d of %d from %s%n", from, epochs, modelPath);
            }
            JavaSparkContext sc = new JavaSparkContext(spark.sparkContext());
            ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(workers, batch)
                    .batchSizePerWorker(batch).averagingFrequency(o.averagingFrequency()).workerPrefetchNumBatches(0)
                    .saveUpdater(true).rddTrainingApproach(RDDTrainingApproach.Direct).repartionData(Repartition.Always)
                    .collectTrainingStats(false).rngSeed(spec.seed()).build();
            SparkComputationGraph net = new SparkComputationGraph(sc, graph, master);
            DoubleAccumulator lossSum = sc.sc().doubleAccumulator("retrain loss sum");
            DoubleAccumulator lossCount = sc.sc().doubleAccumulator("retrain loss count");
            net.setListeners(List.of(DataParallel.listener(plan), new LossSum(lossSum, lossCount)));
            JavaRDD<DataSet> test = sc.parallelize(IntStream.range(0, (data.testSize() + batch - 1) / batch).boxed().toList(),
                    workers).mapPartitions(Minibatches.test(data, batch, threads));
            ParquetTableWriter writer = new ParquetTableWriter(out, hadoop);
            LrController lr = new LrController(spec.optimizer(), spec.schedule(), epochs, stepsPerEpoch, workers * batch,
                    data.trainSize());
            double testError = Double.NaN;
            long start = System.nanoTime();
            for (int e = from; e < epochs; e++) {
                long t0 = System.nanoTime();
                graph.getConfiguration().setIterationCount(e * stepsPerEpoch);
                graph.getConfiguration().setEpochCount(e);
                lossSum.reset();
                lossCount.reset();
                sc.setJobDescription("sparkhpo retrain trial " + best.number() + " epoch " + (e + 1) + "/" + epochs);
                JavaRDD<DataSet> train = sc.parallelize(IntStream.range(0, minibatches).boxed().toList(), workers)
                        .mapPartitions(Minibatches.training(data, batch, e, spec.seed(), threads));
                net.fit(train);
                graph = net.getNetwork();
                graph.getConfiguration().setEpochCount(e + 1);
                org.nd4j.evaluation.classification.Evaluation ev = net.evaluate(test);
                double testLoss = net.calculateScore(test, true);
                testError = 1 - ev.accuracy();
                double trainLoss = lossCount.value() > 0 ? lossSum.value() / lossCount.value() : Double.NaN;
                double seconds = (System.nanoTime() - t0) / 1e9;
                writeModel(graph, modelFile, modelPath);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("study", cfg.study().name());
                row.put("trial", best.number());
                row.put("epoch", e + 1);
                row.put("lr", lr.plan(e, 0).lr());
                row.put("train_loss", trainLoss);
                row.put("test_loss", testLoss);
                row.put("test_error", testError);
                row.put("workers", workers);
                row.put("averaging_frequency", o.averagingFrequency());
                row.put("steps", stepsPerEpoch);
                row.put("seconds", seconds);
                writer.append(TABLE, String.format("%05d", e + 1), List.of(row));
                double elapsed = (System.nanoTime() - start) / 1e9;
                double eta = elapsed / (e + 1 - from) * (epochs - e - 1);
                err.printf("sparkhpo: retrain: epoch %d/%d  train loss %.4f  test loss %.4f  test error %.4f  %.1f s  "
                        + "(ETA %s)%n", e + 1, epochs, trainLoss, testLoss, testError, seconds, Progress.format(eta));
                if (!Double.isFinite(trainLoss)) {
                    throw new SweepError("retrain: the training loss is " + trainLoss + " in epoch " + (e + 1)
                            + "; the model of the last epoch is in " + modelPath);
                }
            }
            if (from >= epochs) {
                testError = 1 - net.evaluate(test).accuracy();
            }
            return new Outcome(best.number(), best.objective(), testError, epochs, modelPath.toString(),
                    out + "/" + TABLE.name());
        } finally {
            if (ownSession) {
                spark.stop();
            }
        }
    }

    /** The study's best finished trial: its number, objective and sampled parameters. */
    record Best(int number, double objective, Map<String, Object> params) {
    }

    static Best best(SparkSession spark, String studyDir) {
        String table = studyDir + "/" + StudyTables.TRIALS.name();
        if (!exists(new Path(table), spark.sparkContext().hadoopConfiguration())) {
            throw new SweepError("retrain: " + studyDir + " has no trials table (" + table + "); run the sweep first");
        }
        List<Row> rows = spark.read().parquet(table).where("state = 'COMPLETE' AND objective IS NOT NULL")
                .orderBy("objective", "trial").limit(1).collectAsList();
        if (rows.isEmpty()) {
            throw new SweepError("retrain: no trial of " + studyDir + " completed, so there is no best one to retrain");
        }
        Row r = rows.get(0);
        return new Best(r.getAs("trial"), r.getAs("objective"), params(r.getAs("params")));
    }

    /** The trials table's {@code params} JSON: whole numbers as Long, others as Double, as the sampler gives them. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> params(String json) {
        try {
            com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper()
                    .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_LONG_FOR_INTS);
            return new LinkedHashMap<>(m.readValue(json, Map.class));
        } catch (IOException e) {
            throw new SweepError("retrain: cannot read the best trial's params " + json + ": " + e.getMessage());
        }
    }

    /** The config the sweep ran with, from the copy it keeps beside its tables. */
    static SweepConfig loadStudyConfig(String studyDir, Configuration conf) {
        Path copy = new Path(studyDir, StudyOutput.CONFIG_COPY);
        try {
            FileSystem fs = copy.getFileSystem(conf);
            if (!fs.exists(copy)) {
                throw new SweepError("retrain: " + studyDir + " is not a study folder: it has no " + StudyOutput.CONFIG_COPY);
            }
            if (fs.getUri().getScheme().equals("file")) {
                return SweepConfigLoader.load(java.nio.file.Path.of(fs.makeQualified(copy).toUri()));
            }
            java.nio.file.Path local = Files.createTempDirectory("sparkhpo-retrain").resolve(StudyOutput.CONFIG_COPY);
            try (var in = fs.open(copy)) {
                Files.write(local, in.readAllBytes());
            }
            return SweepConfigLoader.load(local);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + copy + ": " + e.getMessage(), e);
        }
    }

    /** The study's data: the whole training and test sets unless the options ask for fewer. */
    static DataSpec data(SweepConfig cfg, Options o) {
        SweepConfig.Data d = cfg.data();
        java.nio.file.Path dir = DataLocator.standard().locate(d.name(), d.path(), d.download());
        int[] full = DataCache.fullSizes(d.name(), dir);
        int train = size("--train-size", o.trainSize(), full[0], dir);
        int test = size("--test-size", o.testSize(), full[1], dir);
        return new DataSpec(d.name(), dir.toString(), train, test, d.subsetSeed(), d.augment(), d.normalize());
    }

    private static int size(String option, OptionalInt asked, int available, java.nio.file.Path dir) {
        if (asked.isPresent() && asked.getAsInt() > available) {
            throw new SweepError("retrain: " + option + " must be at most the " + available + " examples in " + dir
                    + ", got " + asked.getAsInt());
        }
        return asked.orElse(available);
    }

    private static void prepare(String out, Options o, Configuration conf) {
        Path dir = new Path(out);
        try {
            FileSystem fs = dir.getFileSystem(conf);
            if (!fs.exists(dir)) {
                return;
            }
            if (o.resume()) {
                return;
            }
            if (!o.overwrite()) {
                throw new SweepError("retrain: " + out + " holds an earlier retrain; pass --resume to continue it or "
                        + "--overwrite to replace it");
            }
            fs.delete(dir, true);
        } catch (IOException e) {
            throw new UncheckedIOException("preparing " + out + ": " + e.getMessage(), e);
        }
    }

    private static boolean exists(Path p, Configuration conf) {
        try {
            return p.getFileSystem(conf).exists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Replaces the model file in one step, as trial checkpoints are replaced ({@link HadoopCheckpointStore}): a reader
     * or a resume finds the previous epoch's model or this one, never half a file or none.
     */
    static void writeModel(ComputationGraph graph, HadoopCheckpointStore file, Path where) {
        try {
            file.write(out -> ModelSerializer.writeModel(graph, out, true));
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + where + ": " + e.getMessage(), e);
        }
    }

    /** The saved model, if there is one. */
    static java.util.Optional<ComputationGraph> readModel(HadoopCheckpointStore file, Path where) {
        try {
            java.util.Optional<java.io.InputStream> in = file.read();
            if (in.isEmpty()) {
                return java.util.Optional.empty();
            }
            try (java.io.InputStream s = in.get()) {
                return java.util.Optional.of(ModelSerializer.restoreComputationGraph(s, true));
            }
        } catch (IOException e) {
            throw new SweepError("retrain: cannot read " + where + " to resume: " + e.getMessage());
        }
    }

    /** Sums each worker's minibatch losses into accumulators: the epoch's mean training loss on the driver. */
    static final class LossSum extends BaseTrainingListener implements Serializable {
        private final DoubleAccumulator sum;
        private final DoubleAccumulator count;

        LossSum(DoubleAccumulator sum, DoubleAccumulator count) {
            this.sum = sum;
            this.count = count;
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            sum.add(model.score());
            count.add(1);
        }
    }

    /**
     * Minibatches built on the executors from the data they load themselves: an epoch's training batches (shuffled
     * and augmented as a trial's), or the test set's when {@code epoch} is negative.
     */
    static final class Minibatches implements org.apache.spark.api.java.function.FlatMapFunction<Iterator<Integer>, DataSet> {
        private final DataSpec data;
        private final int batch;
        private final int epoch;
        private final long seed;
        private final int threads;

        static Minibatches training(DataSpec data, int batch, int epoch, long seed, int threads) {
            return new Minibatches(data, batch, epoch, seed, threads);
        }

        static Minibatches test(DataSpec data, int batch, int threads) {
            return new Minibatches(data, batch, -1, 0, threads);
        }

        private Minibatches(DataSpec data, int batch, int epoch, long seed, int threads) {
            this.data = data;
            this.batch = batch;
            this.epoch = epoch;
            this.seed = seed;
            this.threads = threads;
        }

        @Override
        public Iterator<DataSet> call(Iterator<Integer> ids) {
            Engines.get(Dl4jEngine.NAME).setIntraOpThreads(threads);
            PreparedData d = DataCache.get(data);
            boolean train = epoch >= 0;
            Batches b = train
                    ? Batches.training(d.train(), batch, d.normalization(), data.augment(), DataSpec.CROP_PADDING, seed)
                    : Batches.evaluation(d.test(), batch, d.normalization());
            int classes = (train ? d.train() : d.test()).classes();
            List<DataSet> out = new ArrayList<>();
            ids.forEachRemaining(k -> out.add(DataParallel.dataSet(b.get(Math.max(epoch, 0), k), classes)));
            return out.iterator();
        }
    }
}
