package io.sparkhpo.executors.train.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import io.sparkhpo.executors.data.Batch;
import io.sparkhpo.executors.data.Batches;
import io.sparkhpo.executors.data.Dataset;
import io.sparkhpo.executors.model.ResNet18;
import io.sparkhpo.executors.optim.FloatOptimizer;
import io.sparkhpo.executors.optim.StepPlan;
import io.sparkhpo.executors.train.BatchResult;
import io.sparkhpo.executors.train.Clipping;
import io.sparkhpo.executors.train.Evaluation;
import io.sparkhpo.executors.train.TrainingSession;
import io.sparkhpo.executors.train.GpuAssignment;
import io.sparkhpo.executors.train.TrialSpec;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A DJL ResNet trained step by step: libtorch computes the loss and gradients inside a gradient collector (one per
 * JVM at a time, so steps take a JVM-wide lock); this class copies the gradients out, zeroes them (libtorch
 * accumulates), clips, applies the shared {@link FloatOptimizer} and writes the weights back. BatchNorm's running
 * statistics are updated by libtorch's forward pass in training mode, as in PyTorch.
 */
final class DjlSession implements TrainingSession {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DjlSession.class);

    /** DJL's PtGradientCollector allows one collector per JVM. */
    private static final Object COLLECTOR = new Object();
    private static final int CHECKPOINT_VERSION = 1;
    /** PyTorch's BatchNorm momentum: running = (1 − m)·running + m·batch. */
    private static final double TORCH_BN_MOMENTUM = ResNet18.BN_MOMENTUM;

    private final Engine engine;
    private final NDManager manager;
    private final SequentialBlock block;
    private final ParameterStore store;
    private final List<Parameter> trainable = new ArrayList<>();
    private final List<Parameter> statistics = new ArrayList<>();
    private final List<Parameter> all = new ArrayList<>();
    private final Clipping clipping;
    private final FloatOptimizer optimizer;
    private final Loss loss = Loss.softmaxCrossEntropyLoss();
    private final float[] theta;
    private final float[] grad;
    private final int channels;
    private final int height;
    private final int width;

    /**
     * The device a session trains on: the GPU Spark gave the task when libtorch sees it (with one GPU per task,
     * trials on one executor each get their own), else libtorch's default (the first GPU, or the CPU). A task given
     * a GPU that libtorch does not see (a CPU build, or a fake discovery script) trains on the default, with a
     * warning.
     */
    static Device device(java.util.OptionalInt assigned, int visibleGpus, Device fallback) {
        if (assigned.isEmpty()) {
            return fallback;
        }
        if (assigned.getAsInt() < visibleGpus) {
            return Device.gpu(assigned.getAsInt());
        }
        LOG.warn("the task was given GPU {} but libtorch sees {} GPU(s); training on {}", assigned.getAsInt(), visibleGpus,
                fallback);
        return fallback;
    }

    DjlSession(TrialSpec spec, Engine engine, Dataset shapeOf) {
        this.engine = engine;
        this.manager = engine.newBaseManager(device(GpuAssignment.current(), engine.getGpuCount(), engine.defaultDevice()));
        this.channels = shapeOf.channels();
        this.height = shapeOf.height();
        this.width = shapeOf.width();
        this.block = DjlResNet18.build(spec.model().width(), shapeOf.classes());
        synchronized (COLLECTOR) {
            engine.setRandomSeed((int) spec.seed());
            block.initialize(manager, DataType.FLOAT32, new Shape(1, channels, height, width));
        }
        for (Pair<String, Parameter> p : block.getParameters()) {
            all.add(p.getValue());
            if (p.getValue().requiresGradient()) {
                p.getValue().getArray().setRequiresGradient(true);
                trainable.add(p.getValue());
            } else {
                statistics.add(p.getValue());
            }
        }
        this.store = new ParameterStore(manager, false);
        int n = trainable.stream().mapToInt(p -> Math.toIntExact(p.getArray().size())).sum();
        this.theta = new float[n];
        this.grad = new float[n];
        this.clipping = spec.clipping();
        this.optimizer = new FloatOptimizer(spec.optimizer(), n);
    }

    @Override
    public BatchResult trainBatch(Batch b, StepPlan plan) {
        synchronized (COLLECTOR) {
            double[] lossAndWrong = computeGradient(b);
            if (!Double.isFinite(lossAndWrong[0])) {
                return new BatchResult(lossAndWrong[0], (int) lossAndWrong[1], Double.NaN);
            }
            gather(theta);
            double norm = clipping.apply(grad, grad.length);
            optimizer.step(theta, grad, plan);
            scatter(theta);
            return new BatchResult(lossAndWrong[0], (int) lossAndWrong[1], norm);
        }
    }

    /** The mean gradient of {@code b} at the current weights, without a step (for tests). */
    float[] gradient(Batch b) {
        synchronized (COLLECTOR) {
            computeGradient(b);
            return grad.clone();
        }
    }

    /**
     * Forward and backward in training mode: fills {@link #grad} (packed like {@link #theta}) and zeroes the
     * parameters' gradients, which libtorch would otherwise accumulate. Returns {loss, misclassified}.
     */
    private double[] computeGradient(Batch b) {
        try (NDManager step = manager.newSubManager()) {
            NDArray x = step.create(b.features(), new Shape(b.size(), channels, height, width));
            NDArray y = step.create(labels(b), new Shape(b.size()));
            double value;
            int wrong;
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray logits = block.forward(store, new NDList(x), true).singletonOrThrow();
                NDArray l = loss.evaluate(new NDList(y), new NDList(logits));
                collector.backward(l);
                value = l.getFloat();
                wrong = wrong(logits, b.labels());
            }
            int k = 0;
            for (Parameter p : trainable) {
                NDArray g = p.getArray().getGradient();
                float[] gv = g.toFloatArray();
                System.arraycopy(gv, 0, grad, k, gv.length);
                g.set(new float[gv.length]);
                k += gv.length;
            }
            return new double[]{value, wrong};
        }
    }

    @Override
    public Evaluation evaluate(Batches batches) {
        double lossSum = 0;
        long wrong = 0;
        long seen = 0;
        for (int i = 0; i < batches.count(); i++) {
            Batch b = batches.get(0, i);
            try (NDManager step = manager.newSubManager()) {
                NDArray x = step.create(b.features(), new Shape(b.size(), channels, height, width));
                NDArray logits = block.forward(store, new NDList(x), false).singletonOrThrow();
                float[] lp = logits.logSoftmax(1).toFloatArray();
                int classes = lp.length / b.size();
                for (int r = 0; r < b.size(); r++) {
                    int y = b.labels()[r];
                    lossSum -= lp[r * classes + y];
                    int best = 0;
                    for (int c = 1; c < classes; c++) {
                        if (lp[r * classes + c] > lp[r * classes + best]) {
                            best = c;
                        }
                    }
                    if (best != y) {
                        wrong++;
                    }
                }
            }
            seen += b.size();
        }
        return new Evaluation(lossSum / seen, wrong / (double) seen, seen);
    }

    @Override
    public long trainableParameters() {
        return theta.length;
    }

    @Override
    public float[] weights() {
        float[] out = new float[theta.length];
        gather(out);
        return out;
    }

    @Override
    public void setWeights(float[] weights) {
        if (weights.length != theta.length) {
            throw new IllegalArgumentException("weights have " + weights.length + " elements, the network " + theta.length);
        }
        scatter(weights);
    }

    /**
     * Cumulative averages of BatchNorm's batch statistics: each training-mode forward pass moves the running
     * statistics by PyTorch's momentum m; the batch's own statistics are (new − (1 − m)·old)/m, and their mean
     * over the batches becomes the running statistics (torch.optim.swa_utils.update_bn).
     */
    @Override
    public void recomputeBatchNorm(Batches batches, int epoch) {
        float[][] sums = new float[statistics.size()][];
        for (int k = 0; k < batches.count(); k++) {
            Batch b = batches.get(epoch, k);
            float[][] before = new float[statistics.size()][];
            for (int s = 0; s < statistics.size(); s++) {
                before[s] = statistics.get(s).getArray().toFloatArray();
            }
            try (NDManager step = manager.newSubManager()) {
                NDArray x = step.create(b.features(), new Shape(b.size(), channels, height, width));
                block.forward(store, new NDList(x), true);
            }
            for (int s = 0; s < statistics.size(); s++) {
                float[] after = statistics.get(s).getArray().toFloatArray();
                if (sums[s] == null) {
                    sums[s] = new float[after.length];
                }
                for (int i = 0; i < after.length; i++) {
                    sums[s][i] += (float) ((after[i] - (1 - TORCH_BN_MOMENTUM) * before[s][i]) / TORCH_BN_MOMENTUM);
                }
            }
        }
        for (int s = 0; s < statistics.size(); s++) {
            float[] mean = sums[s];
            for (int i = 0; i < mean.length; i++) {
                mean[i] /= batches.count();
            }
            statistics.get(s).getArray().set(mean);
        }
    }

    @Override
    public void checkpoint(OutputStream out) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(CHECKPOINT_VERSION);
        d.writeInt(all.size());
        for (Parameter p : all) {
            d.writeUTF(p.getName());
            float[] v = p.getArray().toFloatArray();
            d.writeInt(v.length);
            for (float f : v) {
                d.writeFloat(f);
            }
        }
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
        int count = d.readInt();
        if (count != all.size()) {
            throw new IOException("checkpoint has " + count + " parameters, the network " + all.size());
        }
        for (Parameter p : all) {
            String name = d.readUTF();
            float[] v = new float[d.readInt()];
            for (int i = 0; i < v.length; i++) {
                v[i] = d.readFloat();
            }
            if (!name.equals(p.getName()) || v.length != p.getArray().size()) {
                throw new IOException("checkpoint parameter " + name + " (" + v.length + ") does not match "
                        + p.getName() + " (" + p.getArray().size() + ")");
            }
            p.getArray().set(v);
        }
        optimizer.readFrom(d);
    }

    @Override
    public void close() {
        manager.close();
    }

    private void gather(float[] out) {
        int k = 0;
        for (Parameter p : trainable) {
            float[] v = p.getArray().toFloatArray();
            System.arraycopy(v, 0, out, k, v.length);
            k += v.length;
        }
    }

    private void scatter(float[] in) {
        int k = 0;
        for (Parameter p : trainable) {
            int n = Math.toIntExact(p.getArray().size());
            float[] v = new float[n];
            System.arraycopy(in, k, v, 0, n);
            p.getArray().set(v);
            k += n;
        }
    }

    private static float[] labels(Batch b) {
        float[] y = new float[b.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = b.labels()[i];
        }
        return y;
    }

    private static int wrong(NDArray logits, int[] labels) {
        long[] predicted = logits.argMax(1).toLongArray();
        int w = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] != labels[i]) {
                w++;
            }
        }
        return w;
    }
}
