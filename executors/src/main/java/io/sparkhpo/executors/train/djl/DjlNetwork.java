package io.sparkhpo.executors.train.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import io.sparkhpo.executors.model.Layer;
import io.sparkhpo.executors.model.Network;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link Network} as one DJL block: a child block per layer with parameters (convolution, BatchNorm, dense), added
 * in the network's order so that they are created, initialized and listed in that order; the other layers (ReLU, add,
 * pooling, flatten, the zero-padded shortcut) are computed in {@link #forwardInternal}. Initialization as the DL4J
 * engine's: convolutions He-normal (fan-in), dense layers as PyTorch's {@code nn.Linear} (weight and bias
 * U(−1/√fan_in, 1/√fan_in)), BatchNorm γ = 1, β = 0, eps 1e-5, PyTorch momentum 0.1 (DJL's 0.9).
 */
final class DjlNetwork extends AbstractBlock {

    private static final Initializer HE_NORMAL = new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN,
            XavierInitializer.FactorType.IN, 2);

    private final Network network;
    private final Map<String, Block> blocks = new HashMap<>();

    DjlNetwork(Network network) {
        this.network = network;
        for (Network.Node n : network.nodes()) {
            block(n.layer()).ifPresent(b -> blocks.put(n.name(), addChildBlock(n.name(), b)));
        }
    }

    private static java.util.Optional<Block> block(Layer layer) {
        if (layer instanceof Layer.Conv c) {
            int pad = c.kernel() / 2;
            Conv2d conv = Conv2d.builder().setKernelShape(new Shape(c.kernel(), c.kernel()))
                    .optStride(new Shape(c.stride(), c.stride())).optPadding(new Shape(pad, pad)).setFilters(c.out())
                    .optBias(false).build();
            conv.setInitializer(HE_NORMAL, Parameter.Type.WEIGHT);
            return java.util.Optional.of(conv);
        }
        if (layer instanceof Layer.BatchNorm) {
            return java.util.Optional.of(BatchNorm.builder().optEpsilon((float) Layer.BN_EPS)
                    .optMomentum((float) (1 - Layer.BN_MOMENTUM)).build());
        }
        if (layer instanceof Layer.Dense d) {
            Linear fc = Linear.builder().setUnits(d.out()).build();
            double bound = 1 / Math.sqrt(d.in());
            Initializer uniform = (manager, shape, type) -> manager.randomUniform((float) -bound, (float) bound, shape, type);
            fc.setInitializer(uniform, Parameter.Type.WEIGHT);
            fc.setInitializer(uniform, Parameter.Type.BIAS);
            return java.util.Optional.of(fc);
        }
        return java.util.Optional.empty();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        Map<String, NDArray> out = new HashMap<>();
        out.put(Network.INPUT, inputs.singletonOrThrow());
        for (Network.Node n : network.nodes()) {
            NDArray x = out.get(n.inputs().get(0));
            Block b = blocks.get(n.name());
            NDArray y;
            if (b != null) {
                y = b.forward(store, new NDList(x), training, params).singletonOrThrow();
            } else if (n.layer() instanceof Layer.Add) {
                y = x.add(out.get(n.inputs().get(1)));
            } else if (n.layer() instanceof Layer.ZeroPadShortcut z) {
                NDArray sub = x.get(":, :, ::" + z.stride() + ", ::" + z.stride());
                Shape s = sub.getShape();
                y = NDArrays.concat(new NDList(sub, sub.getManager().zeros(new Shape(s.get(0), z.out() - z.in(), s.get(2),
                        s.get(3)), sub.getDataType(), sub.getDevice())), 1);
            } else if (n.layer() instanceof Layer.GlobalAvgPool) {
                y = Pool.globalAvgPool2d(x);
            } else if (n.layer() instanceof Layer.Flatten) {
                y = x.reshape(x.getShape().get(0), -1);
            } else {
                y = Activation.relu(x);
            }
            out.put(n.name(), y);
        }
        return new NDList(out.get(Network.OUTPUT));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[]{shapes(inputShapes[0], null, null).get(Network.OUTPUT)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        shapes(inputShapes[0], manager, dataType);
    }

    /** Each node's output shape for {@code input}; with a manager, initializing each child block on the way. */
    private Map<String, Shape> shapes(Shape input, NDManager manager, DataType dataType) {
        Map<String, Shape> s = new LinkedHashMap<>();
        s.put(Network.INPUT, input);
        for (Network.Node n : network.nodes()) {
            Shape x = s.get(n.inputs().get(0));
            Block b = blocks.get(n.name());
            Shape y;
            if (b != null) {
                if (manager != null) {
                    b.initialize(manager, dataType, x);
                }
                y = b.getOutputShapes(new Shape[]{x})[0];
            } else if (n.layer() instanceof Layer.ZeroPadShortcut z) {
                y = new Shape(x.get(0), z.out(), (x.get(2) - 1) / z.stride() + 1, (x.get(3) - 1) / z.stride() + 1);
            } else if (n.layer() instanceof Layer.GlobalAvgPool) {
                y = new Shape(x.get(0), x.get(1));
            } else if (n.layer() instanceof Layer.Flatten) {
                y = new Shape(x.get(0), x.size() / x.get(0));
            } else {
                y = x;
            }
            s.put(n.name(), y);
        }
        return s;
    }
}
