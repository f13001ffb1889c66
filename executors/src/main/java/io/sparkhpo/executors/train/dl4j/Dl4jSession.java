package io.sparkhpo.executors.train.dl4j;

import io.sparkhpo.executors.data.Batch;
import io.sparkhpo.executors.data.Batches;
import io.sparkhpo.executors.optim.Chunk;
import io.sparkhpo.executors.optim.DeviceOptimizer;
import io.sparkhpo.executors.optim.DeviceSam;
import io.sparkhpo.executors.optim.Update;
import io.sparkhpo.executors.optim.UpdateRule;
import io.sparkhpo.executors.train.EngineSession;
import io.sparkhpo.executors.train.Evaluation;
import io.sparkhpo.executors.train.StepProfile;
import io.sparkhpo.executors.train.StepProfile.Phase;
import io.sparkhpo.executors.train.Traffic;
import io.sparkhpo.executors.train.TrialSpec;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.OneHot;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A DL4J ResNet trained step by step: DL4J computes the loss and gradients ({@code computeGradientAndScore});
 * this class divides the summed gradients by the batch size (what DL4J's updater would do), clips, decays and
 * applies the trial's update rule with ND4J's own kernels on views of DL4J's parameter and gradient vectors
 * ({@link DeviceOptimizer} over {@link Nd4jVectors}), and gives BatchNorm's running statistics DL4J's own update.
 * DL4J's updater and regularization are not used at all. A step copies its batch and labels into ND4J and reads
 * back the loss, the error count and the gradient norm; the optimizer state stays in ND4J's memory until a
 * checkpoint. With SAM, the second pass's backprop overwrites the statistics' pending update with its own: its
 * {@link DeviceSam} keeps the first pass's and puts it back before it is applied.
 */
final class Dl4jSession extends EngineSession {

    private final CNN2DFormat format;
    private final boolean flat;
    private final Nd4jVectors ops = new Nd4jVectors(traffic);
    private final BatchObserver observer = new BatchObserver(traffic);
    private final DeviceOptimizer<INDArray> optimizer;
    private final List<INDArray> grads;
    private final List<INDArray> statistics;
    private final List<INDArray> statisticUpdates;
    private final Optional<DeviceSam<INDArray>> sam;
    private ComputationGraph graph;
    private ParamLayout layout;

    /** A session on a graph built with the default options. */
    Dl4jSession(TrialSpec spec, ComputationGraph graph) {
        this(spec, graph, Dl4jOptions.DEFAULT.format());
    }

    Dl4jSession(TrialSpec spec, ComputationGraph graph, CNN2DFormat format) {
        this(spec, graph, format, false);
    }

    /** @param flat the network takes each image as one vector (channel, row, column order) */
    Dl4jSession(TrialSpec spec, ComputationGraph graph, CNN2DFormat format, boolean flat) {
        super(spec);
        this.format = format;
        this.flat = flat;
        attach(graph);
        UpdateRule rule = spec.optimizer().rule();
        INDArray[] state = new INDArray[rule.stateArrays()];
        for (int k = 0; k < state.length; k++) {
            state[k] = Nd4j.valueArrayOf(new long[]{layout.trainableSize()}, (float) rule.initialState(k));
        }
        int scratch = layout.largestTrainableView();
        if (graph.getFlattenedGradients() == null) {
            graph.initGradientsView();
        }
        INDArray params = graph.params();
        INDArray gradients = graph.getFlattenedGradients();
        List<Chunk<INDArray>> chunks = Chunk.cut(ops, layout.trainableViews(ops, params),
                layout.trainableViews(ops, gradients), state, Nd4j.create(DataType.FLOAT, scratch),
                Nd4j.create(DataType.FLOAT, scratch), Nd4jVectors.CHUNK);
        this.optimizer = new DeviceOptimizer<>(spec.optimizer(), ops, chunks);
        this.grads = Update.grads(chunks);
        this.statistics = layout.statisticsViews(ops, params);
        this.statisticUpdates = layout.statisticsViews(ops, gradients);
        this.sam = DeviceSam.of(spec.optimizer(), ops, chunks, () -> Nd4j.create(DataType.FLOAT, layout.trainableSize()),
                statisticUpdates, INDArray::ulike);
    }

    private void attach(ComputationGraph g) {
        this.graph = g;
        this.layout = ParamLayout.of(g);
        g.setListeners(observer);
    }

    @Override
    protected DeviceOptimizer<INDArray> optimizer() {
        return optimizer;
    }

    @Override
    protected Optional<DeviceSam<INDArray>> sam() {
        return sam;
    }

    @Override
    protected Forward forwardBackward(Batch b) {
        INDArray labels = labelIndices(b);
        graph.setInputs(features(b));
        graph.setLabels(oneHot(labels, classes()));
        observer.labels = labels;
        profile.lap(Phase.HOST_TO_DEVICE);
        graph.computeGradientAndScore();
        double loss = graph.score();
        traffic.toHost(Double.BYTES);
        profile.lap(Phase.BACKWARD);
        return new Forward(loss, observer.wrong);
    }

    /** DL4J's gradients are sums over the batch: divided by its size (what DL4J's updater would do). */
    @Override
    protected void beforeUpdate(int batchSize) {
        for (INDArray g : grads) {
            g.muli(1.0 / batchSize);
        }
    }

    /** Then BatchNorm's statistics. */
    @Override
    protected void afterUpdate(boolean updated) {
        if (updated) {
            applyStatistics();
        }
    }

    @Override
    public void profile(StepProfile profile) {
        super.profile(profile);
        observer.profile = profile;
    }

    /** BatchNorm's running statistics take DL4J's ready-made update: {@code θ ← θ − g}. */
    private void applyStatistics() {
        for (int i = 0; i < statistics.size(); i++) {
            statistics.get(i).subi(statisticUpdates.get(i));
        }
    }

    /** Loss and errors summed in ND4J over the batches; two numbers come back. */
    @Override
    public Evaluation evaluate(Batches batches) {
        INDArray lossSum = Nd4j.scalar(0.0f);
        INDArray wrong = Nd4j.scalar(0.0f);
        long seen = 0;
        for (int i = 0; i < batches.count(); i++) {
            Batch b = batches.get(0, i);
            INDArray labels = labelIndices(b);
            INDArray probs = graph.outputSingle(false, features(b));
            wrong.addi(probs.argMax(1).castTo(DataType.INT).neq(labels).castTo(DataType.FLOAT).sum());
            INDArray picked = probs.muli(oneHot(labels, classes())).sum(1);
            lossSum.subi(Transforms.log(picked, false).sum());
            seen += b.size();
        }
        traffic.toHost(2 * Float.BYTES);
        return new Evaluation(lossSum.getDouble(0) / seen, wrong.getDouble(0) / seen, seen);
    }

    @Override
    public long trainableParameters() {
        return layout.trainableSize();
    }

    @Override
    public float[] weights() {
        float[] out = new float[layout.trainableSize()];
        layout.gather(ops.toHost(graph.params()), out);
        return out;
    }

    @Override
    public void setWeights(float[] weights) {
        if (weights.length != layout.trainableSize()) {
            throw new IllegalArgumentException("weights have " + weights.length + " elements, the network "
                    + layout.trainableSize());
        }
        float[] params = ops.toHost(graph.params());
        layout.scatter(weights, params);
        ops.fromHost(graph.params(), params, 0);
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
                INDArray labels = labelIndices(b);
                graph.setInputs(features(b));
                graph.setLabels(oneHot(labels, classes()));
                observer.labels = labels;
                graph.computeGradientAndScore();
                applyStatistics();
            }
        } finally {
            for (int i = 0; i < bns.size(); i++) {
                bns.get(i).setDecay(decays[i]);
            }
        }
    }

    /**
     * The network's parameters, BatchNorm's statistics among them (DL4J keeps them with the weights), as one flat
     * float array: its configuration is the trial's, so only the values travel.
     */
    @Override
    protected void writeModel(DataOutputStream d) throws IOException {
        writeParameters(d, graph.params());
    }

    private void writeParameters(DataOutputStream d, INDArray params) throws IOException {
        float[] v = ops.toHost(params);
        d.writeInt(v.length);
        io.sparkhpo.executors.optim.FloatIo.write(d, v);
    }

    /** The parameters copied where ND4J keeps them; converted to bytes on the writer's thread. */
    @Override
    protected io.sparkhpo.executors.train.Snapshot modelCopy() {
        INDArray copy = ops.duplicate(graph.params());
        return new io.sparkhpo.executors.train.Snapshot() {
            @Override
            public void writeTo(java.io.OutputStream out) throws IOException {
                DataOutputStream d = new DataOutputStream(out);
                writeParameters(d, copy);
                d.flush();
            }

            @Override
            public void close() {
                ops.free(copy);
            }
        };
    }

    @Override
    protected void readModel(DataInputStream d) throws IOException {
        int n = d.readInt();
        if (n != graph.params().length()) {
            throw new IOException("the checkpoint's network has " + n + " parameters, this one " + graph.params().length());
        }
        ops.fromHost(graph.params(), io.sparkhpo.executors.optim.FloatIo.read(d, n), 0);
    }

    @Override
    public void close() {
        graph.clear();
    }

    /** The network itself, for tests in this package. */
    ComputationGraph graph() {
        return graph;
    }

    private INDArray features(Batch b) {
        traffic.toEngine((long) b.features().length * Float.BYTES);
        return flat ? Nd4j.create(b.features(), new long[]{b.size(), (long) b.channels() * b.height() * b.width()}, 'c')
                : input(b, format);
    }

    /** The batch's labels as an ND4J int vector: the labels' one copy into ND4J. */
    private INDArray labelIndices(Batch b) {
        traffic.toEngine((long) b.size() * Integer.BYTES);
        return Nd4j.createFromArray(b.labels());
    }

    private int classes() {
        return (int) ((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) graph.getLayer(output(graph)).conf().getLayer()).getNOut();
    }

    /** The graph's output layer (the classifier). */
    static String output(ComputationGraph g) {
        return g.getConfiguration().getNetworkOutputs().get(0);
    }

    /** The bytes this session has copied between the heap and ND4J. */
    /** The batch as a network of layout {@code format} wants it (batches are NCHW). */
    static INDArray input(Batch b, CNN2DFormat format) {
        INDArray nchw = Nd4j.create(b.features(), new long[]{b.size(), b.channels(), b.height(), b.width()}, 'c');
        return format == CNN2DFormat.NHWC ? nchw.permute(0, 2, 3, 1).dup('c') : nchw;
    }

    /** Labels one-hot, {@code size x classes}, made by ND4J from their indices. */
    static INDArray oneHot(INDArray labels, int classes) {
        INDArray y = Nd4j.create(DataType.FLOAT, labels.length(), classes);
        Nd4j.exec(new OneHot(labels, y, classes));
        return y;
    }

    /** The batch's labels one-hot, {@code size x classes}. */
    static INDArray oneHot(Batch b, int classes) {
        return oneHot(Nd4j.createFromArray(b.labels()), classes);
    }

    /**
     * Sees each training forward pass before backprop and counts the batch's misclassifications from the
     * classifier's input (DL4J does not hand listeners the output layer's activations).
     */
    private static final class BatchObserver extends BaseTrainingListener {
        private final Traffic traffic;
        INDArray labels;
        int wrong;
        StepProfile profile = StepProfile.OFF;

        BatchObserver(Traffic traffic) {
            this.traffic = traffic;
        }

        @Override
        public void onForwardPass(Model model, Map<String, INDArray> activations) {
            profile.lap(Phase.FORWARD);
            ComputationGraph g = (ComputationGraph) model;
            Layer fc = g.getLayer(output(g));
            String features = g.getConfiguration().getVertexInputs().get(output(g)).get(0);
            // DL4J calls this inside its activations workspace, which it sizes for the network's own arrays: the
            // count's temporaries live outside it
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                INDArray x = activations.get(features);
                if (x.rank() != 2) { // a user's network may feed the classifier through a preprocessor
                    org.deeplearning4j.nn.conf.InputPreProcessor pre = ((org.deeplearning4j.nn.conf.graph.LayerVertex) g
                            .getConfiguration().getVertices().get(output(g))).getPreProcessor();
                    x = pre != null ? pre.preProcess(x, (int) x.size(0), org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces())
                            : x.reshape(x.size(0), -1);
                }
                INDArray logits = x.mmul(fc.getParam("W"));
                if (fc.getParam("b") != null) {
                    logits.addiRowVector(fc.getParam("b"));
                }
                wrong = logits.argMax(1).castTo(DataType.INT).neq(labels).castTo(DataType.INT).sumNumber().intValue();
            }
            traffic.toHost(Integer.BYTES);
            profile.lap(Phase.OTHER);
        }
    }
}
