package io.sparkhpo.executors.train.djl;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import io.sparkhpo.executors.model.ResNet18;

import java.util.List;

/**
 * {@link ResNet18} as DJL blocks, the same architecture and initialization as the DL4J engine's: convolutions
 * He-normal (fan-in), the classifier as PyTorch's {@code nn.Linear} (weight and bias U(−1/√fan_in, 1/√fan_in)),
 * BatchNorm γ = 1, β = 0, eps 1e-5, PyTorch momentum 0.1 (DJL's 0.9).
 */
final class DjlResNet18 {

    private static final Initializer HE_NORMAL = new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN,
            XavierInitializer.FactorType.IN, 2);

    private DjlResNet18() {
    }

    static SequentialBlock build(int width, int classes) {
        SequentialBlock net = new SequentialBlock();
        net.add(convBn(width, 3, 1)).add(Activation.reluBlock());
        int in = width;
        for (int s = 0; s < ResNet18.BLOCKS.length; s++) {
            int out = ResNet18.stageWidth(width, s);
            for (int b = 0; b < ResNet18.BLOCKS[s]; b++) {
                int stride = (b == 0 && s > 0) ? 2 : 1;
                net.add(basicBlock(in, out, stride));
                in = out;
            }
        }
        int features = in;
        Linear fc = Linear.builder().setUnits(classes).build();
        // PyTorch's nn.Linear: weight and bias uniform in ±1/√fan_in
        fc.setInitializer((manager, shape, type) -> {
            double bound = 1 / Math.sqrt(features);
            return manager.randomUniform((float) -bound, (float) bound, shape, type);
        }, Parameter.Type.WEIGHT);
        fc.setInitializer((manager, shape, type) -> {
            double bound = 1 / Math.sqrt(features);
            return manager.randomUniform((float) -bound, (float) bound, shape, type);
        }, Parameter.Type.BIAS);
        net.add(Pool.globalAvgPool2dBlock()).add(fc);
        return net;
    }

    private static Block basicBlock(int in, int out, int stride) {
        SequentialBlock main = new SequentialBlock()
                .add(convBn(out, 3, stride)).add(Activation.reluBlock())
                .add(convBn(out, 3, 1));
        Block shortcut = (stride != 1 || in != out) ? convBn(out, 1, stride) : Blocks.identityBlock();
        return new ParallelBlock(list -> new NDList(Activation.relu(list.get(0).singletonOrThrow()
                .add(list.get(1).singletonOrThrow()))), List.of(main, shortcut));
    }

    private static SequentialBlock convBn(int out, int kernel, int stride) {
        int pad = kernel / 2;
        Conv2d conv = Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).optStride(new Shape(stride, stride))
                .optPadding(new Shape(pad, pad)).setFilters(out).optBias(false).build();
        conv.setInitializer(HE_NORMAL, Parameter.Type.WEIGHT);
        BatchNorm bn = BatchNorm.builder().optEpsilon((float) ResNet18.BN_EPS)
                .optMomentum((float) (1 - ResNet18.BN_MOMENTUM)).build();
        return new SequentialBlock().add(conv).add(bn);
    }
}
