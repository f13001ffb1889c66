package io.sparkhpo.executors.train.dl4j;

import io.sparkhpo.executors.data.Batches;
import io.sparkhpo.executors.data.DataCache;
import io.sparkhpo.executors.data.DataSpec;
import io.sparkhpo.executors.data.PreparedData;
import io.sparkhpo.executors.train.CheckpointStore;
import io.sparkhpo.executors.train.DataParallelTraining;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.util.DoubleAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * DL4J's data-parallel training on Spark ({@link ParameterAveragingTrainingMaster}): each worker trains its share of
 * each epoch's minibatches with the trial's optimizer, decay convention, schedule and clipping
 * ({@link DataParallel}); every {@code averagingFrequency} steps the driver averages the parameters and the
 * optimizer state. Minibatches are built on the executors from the data they load themselves. The saved model is
 * DL4J's model file, updater state included.
 */
final class SparkDataParallel implements DataParallelTraining {

    @Override
    public String describe() {
        return "dl4j (dl4j-spark)";
    }

    @Override
    public Run start(JavaSparkContext sc, Plan plan) {
        return new SparkRun(sc, plan);
    }

    private static final class SparkRun implements Run {
        private final JavaSparkContext sc;
        private final Plan plan;
        private final SparkComputationGraph net;
        private final DoubleAccumulator lossSum;
        private final DoubleAccumulator lossCount;
        private final JavaRDD<DataSet> test;
        private ComputationGraph graph;

        SparkRun(JavaSparkContext sc, Plan p) {
            this.sc = sc;
            this.plan = p;
            new Dl4jEngine().setIntraOpThreads(p.threads());
            PreparedData prepared = DataCache.get(p.data());
            DataParallelPlan updates = DataParallelPlan.of(p.spec(), p.epochs(), p.stepsPerEpoch(), p.globalBatch(),
                    p.data().trainSize());
            graph = DataParallel.network(p.spec(), prepared.train(), updates);
            ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(p.workers(), p.batch())
                    .batchSizePerWorker(p.batch()).averagingFrequency(p.averagingFrequency()).workerPrefetchNumBatches(0)
                    .saveUpdater(true).rddTrainingApproach(RDDTrainingApproach.Direct).repartionData(Repartition.Always)
                    .collectTrainingStats(false).rngSeed(p.spec().seed()).build();
            net = new SparkComputationGraph(sc, graph, master);
            lossSum = sc.sc().doubleAccumulator("retrain loss sum");
            lossCount = sc.sc().doubleAccumulator("retrain loss count");
            net.setListeners(List.of(DataParallel.listener(updates), new LossSum(lossSum, lossCount)));
            test = sc.parallelize(IntStream.range(0, (p.data().testSize() + p.batch() - 1) / p.batch()).boxed().toList(),
                    p.workers()).mapPartitions(Minibatches.test(p.data(), p.batch(), p.threads()));
        }

        @Override
        public int resume(CheckpointStore model) throws IOException {
            Optional<InputStream> in = model.read();
            if (in.isEmpty()) {
                return 0;
            }
            ComputationGraph saved;
            try (InputStream s = in.get()) {
                saved = ModelSerializer.restoreComputationGraph(s, true);
            }
            graph.setParams(saved.params());
            graph.getUpdater().setStateViewArray(saved.getUpdater().getStateViewArray());
            int done = saved.getConfiguration().getEpochCount();
            saved.clear();
            return done;
        }

        @Override
        public EpochResult epoch(int e) {
            graph.getConfiguration().setIterationCount(e * plan.stepsPerEpoch());
            graph.getConfiguration().setEpochCount(e);
            lossSum.reset();
            lossCount.reset();
            JavaRDD<DataSet> train = sc.parallelize(IntStream.range(0, plan.minibatches()).boxed().toList(), plan.workers())
                    .mapPartitions(Minibatches.training(plan.data(), plan.batch(), e, plan.spec().seed(), plan.threads()));
            net.fit(train);
            graph = net.getNetwork();
            graph.getConfiguration().setEpochCount(e + 1);
            double testError = testError();
            double testLoss = net.calculateScore(test, true);
            double trainLoss = lossCount.value() > 0 ? lossSum.value() / lossCount.value() : Double.NaN;
            return new EpochResult(trainLoss, testLoss, testError);
        }

        @Override
        public void save(CheckpointStore model) throws IOException {
            model.write(out -> ModelSerializer.writeModel(graph, out, true));
        }

        @Override
        public double testError() {
            return 1 - net.evaluate(test).accuracy();
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
    static final class Minibatches implements FlatMapFunction<Iterator<Integer>, DataSet> {
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
            new Dl4jEngine().setIntraOpThreads(threads);
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
