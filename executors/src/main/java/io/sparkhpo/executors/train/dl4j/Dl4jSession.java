package io.sparkhpo.executors.train.dl4j;

import io.sparkhpo.executors.data.Batch;
import io.sparkhpo.executors.data.Batches;
import io.sparkhpo.executors.train.DivergedException;
import io.sparkhpo.executors.train.EpochProgress;
import io.sparkhpo.executors.train.EpochStats;
import io.sparkhpo.executors.train.Evaluation;
import io.sparkhpo.executors.train.TrainingSession;
import io.sparkhpo.executors.train.TrialSpec;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Set;

/** A DL4J ResNet and its updater state, trained batch by batch. */
final class Dl4jSession implements TrainingSession {

    private static final Set<String> BN_STATISTICS = Set.of(BatchNormalizationParamInitializer.GLOBAL_MEAN,
            BatchNormalizationParamInitializer.GLOBAL_VAR, BatchNormalizationParamInitializer.GLOBAL_LOG_STD);

    private final TrialSpec spec;
    private final BatchObserver observer = new BatchObserver();
    private ComputationGraph graph;

    Dl4jSession(TrialSpec spec, ComputationGraph graph) {
        this.spec = spec;
        attach(graph);
    }

    private void attach(ComputationGraph g) {
        this.graph = g;
        g.setListeners(observer);
    }

    @Override
    public EpochStats trainEpoch(int epoch, Batches batches) {
        graph.getConfiguration().setEpochCount(epoch);
        EpochProgress progress = new EpochProgress(spec.label(), epoch, batches.count());
        double lossSum = 0;
        long wrong = 0;
        long seen = 0;
        for (int i = 0; i < batches.count(); i++) {
            Batch b = batches.get(epoch, i);
            observer.labels = b.labels();
            graph.fit(toDataSet(b));
            double score = graph.score();
            if (!Double.isFinite(score)) {
                throw new DivergedException(epoch, i, score);
            }
            lossSum += (score - observer.regularizationScore) * b.size();
            wrong += observer.wrong;
            seen += b.size();
            progress.step(i + 1, b.size());
        }
        return new EpochStats(spec.optimizer().lr(), lossSum / seen, wrong / (double) seen, seen);
    }

    @Override
    public Evaluation evaluate(Batches batches) {
        double lossSum = 0;
        long wrong = 0;
        long seen = 0;
        for (int i = 0; i < batches.count(); i++) {
            Batch b = batches.get(0, i);
            INDArray probs = graph.outputSingle(false, features(b));
            long[] predicted = probs.argMax(1).toLongVector();
            for (int k = 0; k < b.size(); k++) {
                int y = b.labels()[k];
                lossSum -= Math.log(probs.getDouble(k, y));
                if (predicted[k] != y) {
                    wrong++;
                }
            }
            seen += b.size();
        }
        return new Evaluation(lossSum / seen, wrong / (double) seen, seen);
    }

    @Override
    public long trainableParameters() {
        long n = 0;
        for (Layer layer : graph.getLayers()) {
            boolean bn = layer instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization;
            for (Map.Entry<String, INDArray> p : layer.paramTable().entrySet()) {
                if (!(bn && BN_STATISTICS.contains(p.getKey()))) {
                    n += p.getValue().length();
                }
            }
        }
        return n;
    }

    @Override
    public void checkpoint(OutputStream out) throws IOException {
        ModelSerializer.writeModel(graph, out, true);
    }

    @Override
    public void restore(InputStream in) throws IOException {
        attach(ModelSerializer.restoreComputationGraph(in, true));
    }

    @Override
    public void close() {
        graph.clear();
    }

    /** The network itself, for tests in this package. */
    ComputationGraph graph() {
        return graph;
    }

    private static INDArray features(Batch b) {
        return Nd4j.create(b.features(), new long[]{b.size(), b.channels(), b.height(), b.width()}, 'c');
    }

    private DataSet toDataSet(Batch b) {
        int classes = (int) graph.getLayer(Dl4jResNet18.OUTPUT).getParam("b").length();
        INDArray y = Nd4j.zeros(DataType.FLOAT, b.size(), classes);
        for (int k = 0; k < b.size(); k++) {
            y.putScalar(k, b.labels()[k], 1f);
        }
        return new DataSet(features(b), y);
    }

    /**
     * Sees each training forward pass before backprop: computes the batch's misclassifications from the
     * classifier's input (DL4J does not hand listeners the output layer's activations) and the regularization
     * term, which DL4J adds to its score, with the weights the score was computed with.
     */
    private static final class BatchObserver extends BaseTrainingListener {
        int[] labels;
        long wrong;
        double regularizationScore;

        @Override
        public void onForwardPass(Model model, Map<String, INDArray> activations) {
            ComputationGraph g = (ComputationGraph) model;
            Layer fc = g.getLayer(Dl4jResNet18.OUTPUT);
            INDArray logits = activations.get(Dl4jResNet18.POOL).mmul(fc.getParam("W")).addiRowVector(fc.getParam("b"));
            long[] predicted = logits.argMax(1).toLongVector();
            long w = 0;
            for (int k = 0; k < predicted.length; k++) {
                if (predicted[k] != labels[k]) {
                    w++;
                }
            }
            wrong = w;
            regularizationScore = g.calcRegularizationScore(true);
        }
    }
}
