package io.sparkhpo.executors.train.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import io.sparkhpo.executors.data.Batch;
import io.sparkhpo.executors.data.Batches;
import io.sparkhpo.executors.data.Dataset;
import io.sparkhpo.executors.model.Network;
import io.sparkhpo.executors.optim.Chunk;
import io.sparkhpo.executors.optim.DeviceOptimizer;
import io.sparkhpo.executors.optim.DeviceSam;
import io.sparkhpo.executors.optim.UpdateRule;
import io.sparkhpo.executors.train.EngineSession;
import io.sparkhpo.executors.train.Evaluation;
import io.sparkhpo.executors.train.GpuAssignment;
import io.sparkhpo.executors.train.StepProfile.Phase;
import io.sparkhpo.executors.train.TrialSpec;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A DJL ResNet trained step by step: libtorch computes the loss and gradients inside a gradient collector (one per
 * JVM at a time, so steps take a JVM-wide lock); the shared update ({@link DeviceOptimizer} over
 * {@link TorchVectors}) clips, decays and applies the trial's rule with libtorch's in-place operations on views of
 * the parameters and their gradients, on the device they live on, and the gradients are zeroed there (libtorch
 * accumulates). A step copies its batch and labels into libtorch and reads back the loss, the error count and the
 * gradient norm; the optimizer state stays in libtorch until a checkpoint. BatchNorm's running statistics are
 * updated by libtorch's forward pass in training mode, as in PyTorch; SAM's second pass would move them again, so
 * its {@link DeviceSam} keeps them and puts them back.
 */
final class DjlSession extends EngineSession {


    /** DJL's PtGradientCollector allows one collector per JVM. */
    private static final Object COLLECTOR = new Object();

    private final Engine engine;
    private final NDManager manager;
    /** The built-in network, or a user's TorchScript module (replaced by a restore). */
    private ai.djl.nn.Block block;
    private final TrialSpec spec;
    private final ParameterStore store;
    private final List<Parameter> trainable = new ArrayList<>();
    private final List<Parameter> statistics = new ArrayList<>();
    private final List<Parameter> all = new ArrayList<>();
    private final TorchVectors ops;
    private final List<NDArray> grads = new ArrayList<>();
    private DeviceOptimizer<NDArray> optimizer;
    private Optional<DeviceSam<NDArray>> sam;
    private final Loss loss = Loss.softmaxCrossEntropyLoss();
    private int trainableSize;
    private final int channels;
    private final int height;
    private final int width;

    /**
     * The device a session trains on: the GPU Spark gave the task (with one GPU per task, trials on one executor each
     * get their own), the CPU when it gave none (or {@code training.device = cpu}). A GPU that libtorch does not see
     * (a CPU build, or a fake discovery script) is an error, never a quiet fall-back to the CPU: the task checks it
     * first ({@link io.sparkhpo.executors.train.DeviceCheck}) and fails the trial with the fix.
     */
    static Device device(java.util.OptionalInt assigned, int visibleGpus) {
        if (assigned.isEmpty()) {
            return Device.cpu();
        }
        if (assigned.getAsInt() < visibleGpus) {
            return Device.gpu(assigned.getAsInt());
        }
        throw new IllegalStateException("the task was given GPU " + assigned.getAsInt() + " but libtorch sees "
                + visibleGpus + " GPU(s)");
    }

    DjlSession(TrialSpec spec, Engine engine, Dataset shapeOf) {
        super(spec);
        this.engine = engine;
        this.manager = engine.newBaseManager(device(GpuAssignment.current(), engine.getGpuCount()));
        this.channels = shapeOf.channels();
        this.height = shapeOf.height();
        this.width = shapeOf.width();
        this.spec = spec;
        if (spec.model().builtIn()) {
            this.block = new DjlNetwork(spec.model().network(new Network.Shape(channels, height, width), shapeOf.classes()));
            synchronized (COLLECTOR) {
                engine.setRandomSeed((int) spec.seed());
                block.initialize(manager, DataType.FLOAT32, new Shape(1, channels, height, width));
            }
        } else {
            this.block = TorchScriptModel.open(spec, manager, shapeOf);
        }
        this.store = new ParameterStore(manager, false);
        this.ops = new TorchVectors(engine, traffic);
        wire();
    }

    /**
     * The parameters split into trainable ones and BatchNorm's statistics (a TorchScript module's buffers are its
     * own), and the optimizer (and SAM) over views of them: made once, and again when a restore replaces the module.
     */
    private void wire() {
        all.clear();
        trainable.clear();
        statistics.clear();
        grads.clear();
        for (Pair<String, Parameter> p : block.getParameters()) {
            all.add(p.getValue());
            // a TorchScript module lists its running statistics as parameters (TorchScriptArchive), and a module read
            // back from a checkpoint does not mark its parameters trainable: its split goes by name
            boolean script = block instanceof ai.djl.pytorch.engine.PtSymbolBlock;
            if (script ? !TorchScriptArchive.isStatistic(p.getKey()) : p.getValue().requiresGradient()) {
                p.getValue().getArray().setRequiresGradient(true);
                trainable.add(p.getValue());
            } else {
                if (script) {
                    p.getValue().freeze(true); // libtorch's BatchNorm refuses statistics that require a gradient, and
                }                              // DJL's first training pass marks every unfrozen parameter so
                statistics.add(p.getValue());
            }
        }
        this.trainableSize = trainable.stream().mapToInt(p -> Math.toIntExact(p.getArray().size())).sum();
        List<Chunk<NDArray>> chunks = chunks(spec);
        this.optimizer = new DeviceOptimizer<>(spec.optimizer(), ops, chunks);
        this.sam = DeviceSam.of(spec.optimizer(), ops, chunks, () -> manager.zeros(new Shape(trainableSize)),
                statistics.stream().map(Parameter::getArray).toList(), a -> manager.zeros(a.getShape()));
    }

    /** The optimizer's chunks: flat views of the parameters and their gradients, with its state on their device. */
    private List<Chunk<NDArray>> chunks(TrialSpec spec) {
        TorchGradients.materialize(engine, manager, trainable, COLLECTOR);
        TorchGradients.noGrad();
        List<NDArray> thetas = new ArrayList<>();
        int largest = 0;
        for (Parameter p : trainable) {
            thetas.add(p.getArray().reshape(-1));
            grads.add(p.getArray().getGradient().reshape(-1));
            largest = Math.max(largest, Math.toIntExact(p.getArray().size()));
        }
        UpdateRule rule = spec.optimizer().rule();
        NDArray[] state = new NDArray[rule.stateArrays()];
        for (int k = 0; k < state.length; k++) {
            state[k] = manager.full(new Shape(trainableSize), (float) rule.initialState(k));
        }
        // cache-sized chunks on a CPU; whole tensors on a GPU, where each operation is a kernel launch and no cache is
        // to be fitted (and with -Dsparkhpo.update.per_tensor=true, for bench --profile's count of engine calls)
        int length = manager.getDevice().isGpu() || Boolean.getBoolean(Chunk.PER_TENSOR) ? Integer.MAX_VALUE : Chunk.LENGTH;
        int scratch = Math.min(length, largest);
        return Chunk.cut(ops, thetas, grads, state, manager.zeros(new Shape(scratch)), manager.zeros(new Shape(scratch)),
                length);
    }

    @Override
    protected DeviceOptimizer<NDArray> optimizer() {
        return optimizer;
    }

    @Override
    protected Optional<DeviceSam<NDArray>> sam() {
        return sam;
    }

    /** BatchNorm's running statistics, flat, in parameter order (for tests). */
    float[] statistics() {
        float[] out = new float[0];
        for (Parameter p : statistics) {
            float[] v = ops.toHost(p.getArray());
            out = java.util.Arrays.copyOf(out, out.length + v.length);
            System.arraycopy(v, 0, out, out.length - v.length, v.length);
        }
        return out;
    }

    @Override
    protected Forward forwardBackward(Batch b) {
        double[] lossAndWrong = computeGradient(b);
        TorchGradients.noGrad();
        return new Forward(lossAndWrong[0], (int) lossAndWrong[1]);
    }

    /** libtorch's loss is the batch mean already; the update runs with gradient recording off. */
    @Override
    protected void beforeUpdate(int batchSize) {
        TorchGradients.noGrad();
    }

    @Override
    protected void afterUpdate(boolean updated) {
        TorchGradients.zero(trainable);
    }

    /**
     * The mean gradient of {@code b} at the current weights (whatever gradients were there are cleared first), left in
     * place so that {@link #updateOnly} steps with
     * exactly this gradient (for tests: libtorch's CPU kernels need not give the same bits twice).
     */
    float[] gradient(Batch b) {
        TorchGradients.zero(trainable);
        computeGradient(b);
        TorchGradients.noGrad();
        float[] out = new float[trainableSize];
        int k = 0;
        for (NDArray g : grads) {
            float[] v = ops.toHost(g);
            System.arraycopy(v, 0, out, k, v.length);
            k += v.length;
        }
        return out;
    }

    /**
     * Forward and backward in training mode: the parameters' gradients hold the batch's mean gradient afterwards.
     * Returns {loss, misclassified}, the two numbers that come back.
     */
    private double[] computeGradient(Batch b) {
        synchronized (COLLECTOR) {
            try (NDManager step = manager.newSubManager()) {
                NDArray x = input(step, b);
                NDArray y = labels(step, b);
                profile.lap(Phase.HOST_TO_DEVICE);
                try (GradientCollector collector = engine.newGradientCollector()) {
                    NDArray logits = forward(new NDList(x), true).singletonOrThrow();
                    profile.lap(Phase.FORWARD);
                    NDArray l = loss.evaluate(new NDList(y), new NDList(logits));
                    collector.backward(l);
                    traffic.toHost(Float.BYTES + Long.BYTES);
                    float value = l.getFloat();
                    profile.lap(Phase.BACKWARD);
                    long wrong = logits.argMax(1).neq(y).sum().getLong();
                    profile.lap(Phase.OTHER);
                    return new double[]{value, wrong};
                }
            }
        }
    }

    /** Loss and errors summed by libtorch over the batches; two numbers come back. */
    @Override
    public Evaluation evaluate(Batches batches) {
        try (NDManager eval = manager.newSubManager()) {
            NDArray lossSum = eval.zeros(new Shape());
            NDArray wrong = eval.zeros(new Shape(), DataType.INT64);
            long seen = 0;
            for (int i = 0; i < batches.count(); i++) {
                Batch b = batches.get(0, i);
                try (NDManager step = eval.newSubManager()) {
                    NDArray y = labels(step, b);
                    NDArray logits = forward(new NDList(input(step, b)), false).singletonOrThrow();
                    NDArray logProbs = logits.logSoftmax(1);
                    lossSum.subi(logProbs.mul(y.oneHot(Math.toIntExact(logits.getShape().get(1)))).sum());
                    wrong.addi(logits.argMax(1).neq(y).sum());
                }
                seen += b.size();
            }
            traffic.toHost(Float.BYTES + Long.BYTES);
            return new Evaluation(lossSum.getFloat() / seen, wrong.getLong() / (double) seen, seen);
        }
    }

    /** The log-probabilities of {@code b} in inference mode, copied out (for tests). */
    float[] logProbabilities(Batch b) {
        try (NDManager step = manager.newSubManager()) {
            return forward(new NDList(input(step, b)), false).singletonOrThrow().logSoftmax(1).toFloatArray();
        }
    }

    /** The bytes this session has copied between the heap and libtorch. */
    @Override
    public long trainableParameters() {
        return trainableSize;
    }

    @Override
    public float[] weights() {
        float[] out = new float[trainableSize];
        int k = 0;
        for (Parameter p : trainable) {
            float[] v = ops.toHost(p.getArray());
            System.arraycopy(v, 0, out, k, v.length);
            k += v.length;
        }
        return out;
    }

    @Override
    public void setWeights(float[] weights) {
        if (weights.length != trainableSize) {
            throw new IllegalArgumentException("weights have " + weights.length + " elements, the network " + trainableSize);
        }
        TorchGradients.noGrad();
        int k = 0;
        for (Parameter p : trainable) {
            ops.fromHost(p.getArray(), weights, k);
            k += Math.toIntExact(p.getArray().size());
        }
    }

    /** SWA's BatchNorm recompute ({@link BatchNormStatistics}). */
    @Override
    public void recomputeBatchNorm(Batches batches, int epoch) {
        TorchGradients.noGrad();
        java.util.function.IntConsumer pass = k -> {
            try (NDManager step = manager.newSubManager()) {
                forward(new NDList(input(step, batches.get(epoch, k))), true);
            }
        };
        double[] momenta = block instanceof ai.djl.pytorch.engine.PtSymbolBlock
                ? BatchNormStatistics.measureMomenta(statistics, ops, () -> pass.accept(0)) // the module's own
                : BatchNormStatistics.momenta(statistics.size());
        BatchNormStatistics.recompute(statistics, ops, batches.count(), pass, momenta);
    }

    @Override
    protected void writeModel(DataOutputStream d) throws IOException {
        if (block instanceof ai.djl.pytorch.engine.PtSymbolBlock script) {
            d.writeInt(-1); // the whole module follows
            TorchScriptModel.write(script, d);
            return;
        }
        DjlParameters.write(d, ops, all.stream().map(Parameter::getName).toList(),
                all.stream().map(Parameter::getArray).toList());
    }

    /** A built-in network's parameters copied on the device ({@link DjlParameters}); a TorchScript module's bytes. */
    @Override
    protected io.sparkhpo.executors.train.Snapshot modelCopy() throws IOException {
        return block instanceof ai.djl.pytorch.engine.PtSymbolBlock ? super.modelCopy() : DjlParameters.copy(ops, all);
    }

    @Override
    protected void readModel(DataInputStream d) throws IOException {
        TorchGradients.noGrad();
        int count = d.readInt();
        if (count == -1 && block instanceof ai.djl.pytorch.engine.PtSymbolBlock old) {
            block = TorchScriptModel.read(d, manager);
            old.close();
            wire();
            return;
        }
        DjlParameters.read(d, count, ops, all);
    }

    @Override
    public void close() {
        if (block instanceof ai.djl.pytorch.engine.PtSymbolBlock script) {
            script.close();
        }
        ops.close();
        manager.close();
    }

    /** The network's forward pass in training or inference mode. */
    private NDList forward(NDList x, boolean training) {
        if (block instanceof ai.djl.pytorch.engine.PtSymbolBlock script) {
            TorchScriptModel.mode(script, training);
        }
        return block.forward(store, x, training);
    }

    /** The batch's images in libtorch: the step's one copy of its input. */
    private NDArray input(NDManager step, Batch b) {
        traffic.toEngine((long) b.features().length * Float.BYTES);
        return step.create(b.features(), new Shape(b.size(), channels, height, width));
    }

    /** The batch's labels in libtorch, as int64 class indices. */
    private NDArray labels(NDManager step, Batch b) {
        long[] y = new long[b.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = b.labels()[i];
        }
        traffic.toEngine((long) y.length * Long.BYTES);
        return step.create(y);
    }
}
