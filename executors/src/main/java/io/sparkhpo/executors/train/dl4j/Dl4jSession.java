package io.sparkhpo.executors.train.dl4j;

import io.sparkhpo.executors.data.Batch;
import io.sparkhpo.executors.data.Batches;
import io.sparkhpo.executors.optim.FloatOptimizer;
import io.sparkhpo.executors.optim.StepPlan;
import io.sparkhpo.executors.train.BatchResult;
import io.sparkhpo.executors.train.Clipping;
import io.sparkhpo.executors.train.Evaluation;
import io.sparkhpo.executors.train.TrainingSession;
import io.sparkhpo.executors.train.TrialSpec;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A DL4J ResNet trained step by step: DL4J computes the loss and gradients ({@code computeGradientAndScore});
 * this class divides the summed gradients by the batch size (what DL4J's updater would do), clips, applies the
 * shared {@link FloatOptimizer} to the trainable parameters, and gives BatchNorm's running statistics DL4J's own
 * update. DL4J's updater and regularization are not used at all.
 */
final class Dl4jSession implements TrainingSession {

    private static final int CHECKPOINT_VERSION = 1;

    private final Clipping clipping;
    private final CNN2DFormat format;
    private final BatchObserver observer = new BatchObserver();
    private final FloatOptimizer optimizer;
    private ComputationGraph graph;
    private ParamLayout layout;
    private final float[] theta;
    private final float[] grad;

    /** A session on a graph built with the default options. */
    Dl4jSession(TrialSpec spec, ComputationGraph graph) {
        this(spec, graph, Dl4jOptions.DEFAULT.format());
    }

    Dl4jSession(TrialSpec spec, ComputationGraph graph, CNN2DFormat format) {
        this.clipping = spec.clipping();
        this.format = format;
        attach(graph);
        this.theta = new float[layout.trainableSize()];
        this.grad = new float[layout.trainableSize()];
        this.optimizer = new FloatOptimizer(spec.optimizer(), layout.trainableSize());
    }

    private void attach(ComputationGraph g) {
        this.graph = g;
        this.layout = ParamLayout.of(g);
        g.setListeners(observer);
    }

    @Override
    public BatchResult trainBatch(Batch b, StepPlan plan) {
        graph.setInputs(features(b));
        graph.setLabels(labels(b));
        observer.labels = b.labels();
        graph.computeGradientAndScore();
        double loss = graph.score();
        if (!Double.isFinite(loss)) {
            return new BatchResult(loss, observer.wrong, Double.NaN);
        }
        float[] params = graph.params().toFloatVector();
        float[] grads = graph.getFlattenedGradients().toFloatVector();
        layout.gather(params, theta);
        layout.gather(grads, grad);
        float inv = 1f / b.size();
        for (int i = 0; i < grad.length; i++) {
            grad[i] *= inv;
        }
        double norm = clipping.apply(grad, grad.length);
        optimizer.step(theta, grad, plan);
        layout.scatter(theta, params);
        layout.applyStatistics(params, grads);
        setFlat(params);
        return new BatchResult(loss, observer.wrong, norm);
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
        return layout.trainableSize();
    }

    @Override
    public float[] weights() {
        float[] out = new float[layout.trainableSize()];
        layout.gather(graph.params().toFloatVector(), out);
        return out;
    }

    @Override
    public void setWeights(float[] weights) {
        if (weights.length != layout.trainableSize()) {
            throw new IllegalArgumentException("weights have " + weights.length + " elements, the network "
                    + layout.trainableSize());
        }
        float[] params = graph.params().toFloatVector();
        layout.scatter(weights, params);
        setFlat(params);
    }

    /** Cumulative averages: on the k-th batch (0-based) DL4J's running update uses decay k/(k+1). */
    @Override
    public void recomputeBatchNorm(Batches batches, int epoch) {
        List<BatchNormalization> bns = new ArrayList<>();
        for (Layer l : graph.getLayers()) {
            if (l.conf().getLayer() instanceof BatchNormalization bn) {
                bns.add(bn);
            }
        }
        double[] decays = bns.stream().mapToDouble(BatchNormalization::getDecay).toArray();
        try {
            for (int k = 0; k < batches.count(); k++) {
                for (BatchNormalization bn : bns) {
                    bn.setDecay(k / (k + 1.0));
                }
                Batch b = batches.get(epoch, k);
                graph.setInputs(features(b));
                graph.setLabels(labels(b));
                observer.labels = b.labels();
                graph.computeGradientAndScore();
                float[] params = graph.params().toFloatVector();
                layout.applyStatistics(params, graph.getFlattenedGradients().toFloatVector());
                setFlat(params);
            }
        } finally {
            for (int i = 0; i < bns.size(); i++) {
                bns.get(i).setDecay(decays[i]);
            }
        }
    }

    @Override
    public void checkpoint(OutputStream out) throws IOException {
        ByteArrayOutputStream model = new ByteArrayOutputStream();
        ModelSerializer.writeModel(graph, model, false);
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(CHECKPOINT_VERSION);
        d.writeInt(model.size());
        model.writeTo(d);
        optimizer.writeTo(d);
        d.flush();
    }

    @Override
    public void restore(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        int version = d.readInt();
        if (version != CHECKPOINT_VERSION) {
            throw new IOException("checkpoint version " + version + ", this build reads " + CHECKPOINT_VERSION);
        }
        byte[] model = d.readNBytes(d.readInt());
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(model), false);
        // copy into the network this session opened rather than swapping networks: the restored graph is freed at
        // once, and nothing of the first one is left to ND4J's GC-driven deallocator while still in use (swapping
        // them crashed an executor natively after a few segments)
        INDArray restoredParams = restored.params();
        if (restoredParams.length() != graph.params().length()) {
            throw new IOException("the checkpoint's network has " + restoredParams.length() + " parameters, this one "
                    + graph.params().length());
        }
        graph.params().assign(restoredParams);
        restored.clear();
        optimizer.readFrom(d);
    }

    @Override
    public void close() {
        graph.clear();
    }

    /** The network itself, for tests in this package. */
    ComputationGraph graph() {
        return graph;
    }

    private void setFlat(float[] params) {
        assign(graph.params(), params);
    }

    /** Copies {@code values} into {@code target} (a flat view of the same length, of any shape). */
    static void assign(INDArray target, float[] values) {
        target.assign(Nd4j.createFromArray(values).reshape(target.shape()));
    }

    private INDArray features(Batch b) {
        return input(b, format);
    }

    /** The batch as a network of layout {@code format} wants it (batches are NCHW). */
    static INDArray input(Batch b, CNN2DFormat format) {
        INDArray nchw = Nd4j.create(b.features(), new long[]{b.size(), b.channels(), b.height(), b.width()}, 'c');
        return format == CNN2DFormat.NHWC ? nchw.permute(0, 2, 3, 1).dup('c') : nchw;
    }

    private INDArray labels(Batch b) {
        return oneHot(b, (int) graph.getLayer(Dl4jResNet18.OUTPUT).getParam("b").length());
    }

    /** The batch's labels one-hot, {@code size x classes}. */
    static INDArray oneHot(Batch b, int classes) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, b.size(), classes);
        for (int k = 0; k < b.size(); k++) {
            y.putScalar(k, b.labels()[k], 1f);
        }
        return y;
    }

    /**
     * Sees each training forward pass before backprop and counts the batch's misclassifications from the
     * classifier's input (DL4J does not hand listeners the output layer's activations).
     */
    private static final class BatchObserver extends BaseTrainingListener {
        int[] labels;
        int wrong;

        @Override
        public void onForwardPass(Model model, Map<String, INDArray> activations) {
            ComputationGraph g = (ComputationGraph) model;
            Layer fc = g.getLayer(Dl4jResNet18.OUTPUT);
            INDArray logits = activations.get(Dl4jResNet18.POOL).mmul(fc.getParam("W")).addiRowVector(fc.getParam("b"));
            long[] predicted = logits.argMax(1).toLongVector();
            int w = 0;
            for (int k = 0; k < predicted.length; k++) {
                if (predicted[k] != labels[k]) {
                    w++;
                }
            }
            wrong = w;
        }
    }
}
