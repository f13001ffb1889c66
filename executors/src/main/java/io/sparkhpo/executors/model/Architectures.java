package io.sparkhpo.executors.model;

import java.util.List;

/**
 * The built-in networks as {@link Network}s, for any input shape and number of classes. Residual blocks are
 * post-activation (conv-BN-ReLU-conv-BN, add, ReLU) in the ResNets and pre-activation (BN-ReLU-conv-BN-ReLU-conv, add)
 * in the Wide ResNets, as their papers define them. Parameter counts are checked against PyTorch builds of the same
 * networks (tools/golden/models.py) and against the papers.
 */
public final class Architectures {

    private Architectures() {
    }

    /**
     * The CIFAR ResNet-18 (He et al. 2016, as kuangliu/pytorch-cifar and the AdamW paper's experiments train it): a
     * 3x3 stem convolution (stride 1, no max-pool), four stages of two basic blocks with w, 2w, 4w and 8w channels
     * (stride 2 at the start of stages 2..4), shortcuts a 1x1 convolution and BatchNorm where the shape changes,
     * global average pooling and a linear classifier: 11,173,962 parameters at w = 64 for 3x32x32 inputs and 10
     * classes.
     */
    public static Network resnet18(int width, Network.Shape input, int classes) {
        Network.Builder b = new Network.Builder(input);
        String x = convBnRelu(b, "stem", Network.INPUT, input.channels(), width, 3, 1);
        int in = width;
        int[] blocks = {2, 2, 2, 2};
        for (int s = 0; s < blocks.length; s++) {
            int out = width << s;
            for (int k = 0; k < blocks[s]; k++) {
                x = basicBlock(b, "s" + (s + 1) + "b" + (k + 1), x, in, out, (k == 0 && s > 0) ? 2 : 1, Shortcut.B);
                in = out;
            }
        }
        return classifier(b, b.add("pool", new Layer.GlobalAvgPool(), x), in, classes);
    }

    /** How a residual block's shortcut changes shape (He et al. 2016, §3.3). */
    public enum Shortcut {
        /** Parameter-free: subsample and pad the new channels with zeros. */
        A,
        /** A 1x1 convolution and BatchNorm. */
        B
    }

    /**
     * The CIFAR ResNets of He et al. 2016 (§4.2), depth 6n + 2: a 3x3 stem convolution to 16 channels, three stages
     * of n basic blocks with 16, 32 and 64 channels (stride 2 at the start of stages 2 and 3), global average pooling
     * and a linear classifier. ResNet-20 (n = 3) has 0.27M parameters and ResNet-56 (n = 9) 0.85M with option A
     * shortcuts (the paper's).
     */
    public static Network cifarResNet(int depth, Shortcut shortcut, Network.Shape input, int classes) {
        if (depth < 8 || (depth - 2) % 6 != 0) {
            throw new IllegalArgumentException("a CIFAR ResNet's depth is 6n + 2 (20, 32, 44, 56, 110), got " + depth);
        }
        int n = (depth - 2) / 6;
        Network.Builder b = new Network.Builder(input);
        String x = convBnRelu(b, "stem", Network.INPUT, input.channels(), 16, 3, 1);
        int in = 16;
        for (int s = 0; s < 3; s++) {
            int out = 16 << s;
            for (int k = 0; k < n; k++) {
                x = basicBlock(b, "s" + (s + 1) + "b" + (k + 1), x, in, out, (k == 0 && s > 0) ? 2 : 1, shortcut);
                in = out;
            }
        }
        return classifier(b, b.add("pool", new Layer.GlobalAvgPool(), x), in, classes);
    }

    /**
     * Wide ResNet-d-k (Zagoruyko and Komodakis 2016), depth d = 6n + 4, widening factor k, without dropout: a 3x3 stem
     * convolution to 16 channels, three stages of n pre-activation blocks with 16k, 32k and 64k channels (stride 1, 2,
     * 2), where a block's shortcut is the input, or a 1x1 convolution of its pre-activated input where the shape
     * changes; then BatchNorm, ReLU, global average pooling and a linear classifier. WRN-16-4 has 2.7M parameters.
     */
    public static Network wideResNet(int depth, int widen, Network.Shape input, int classes) {
        if (depth < 10 || (depth - 4) % 6 != 0) {
            throw new IllegalArgumentException("a Wide ResNet's depth is 6n + 4 (10, 16, 22, 28, 40), got " + depth);
        }
        int n = (depth - 4) / 6;
        Network.Builder b = new Network.Builder(input);
        String x = b.add("stem_conv", new Layer.Conv(input.channels(), 16, 3, 1), Network.INPUT);
        int in = 16;
        for (int s = 0; s < 3; s++) {
            int out = (16 << s) * widen;
            for (int k = 0; k < n; k++) {
                String name = "s" + (s + 1) + "b" + (k + 1);
                int stride = (k == 0 && s > 0) ? 2 : 1;
                String o = b.add(name + "_relu1", new Layer.Relu(), b.add(name + "_bn1", new Layer.BatchNorm(in), x));
                String main = b.add(name + "_conv1", new Layer.Conv(in, out, 3, stride), o);
                main = b.add(name + "_relu2", new Layer.Relu(), b.add(name + "_bn2", new Layer.BatchNorm(out), main));
                main = b.add(name + "_conv2", new Layer.Conv(out, out, 3, 1), main);
                String sc = in == out && stride == 1 ? x : b.add(name + "_sc_conv", new Layer.Conv(in, out, 1, stride), o);
                x = b.add(name + "_add", new Layer.Add(), main, sc);
                in = out;
            }
        }
        x = b.add("final_relu", new Layer.Relu(), b.add("final_bn", new Layer.BatchNorm(in), x));
        return classifier(b, b.add("pool", new Layer.GlobalAvgPool(), x), in, classes);
    }

    /** A multilayer perceptron on the flattened input: a dense layer and ReLU per {@code hidden} size, then the classifier. */
    public static Network mlp(List<Integer> hidden, Network.Shape input, int classes) {
        Network.Builder b = new Network.Builder(input);
        String x = b.add("flatten", new Layer.Flatten(), Network.INPUT);
        int in = b.shape(x).channels();
        for (int i = 0; i < hidden.size(); i++) {
            x = b.add("fc" + (i + 1) + "_relu", new Layer.Relu(), b.add("fc" + (i + 1), new Layer.Dense(in, hidden.get(i)), x));
            in = hidden.get(i);
        }
        return classifier(b, x, in, classes);
    }

    private static Network classifier(Network.Builder b, String features, int in, int classes) {
        b.add(Network.OUTPUT, new Layer.Dense(in, classes), features);
        return b.build();
    }

    private static String basicBlock(Network.Builder b, String name, String input, int in, int out, int stride,
                                     Shortcut shortcut) {
        String a = convBnRelu(b, name + "_1", input, in, out, 3, stride);
        String main = convBn(b, name + "_2", a, out, out, 3, 1);
        String sc = input;
        if (stride != 1 || in != out) {
            sc = shortcut == Shortcut.B ? convBn(b, name + "_sc", input, in, out, 1, stride)
                    : b.add(name + "_sc", new Layer.ZeroPadShortcut(in, out, stride), input);
        }
        return b.add(name + "_relu", new Layer.Relu(), b.add(name + "_add", new Layer.Add(), main, sc));
    }

    private static String convBnRelu(Network.Builder b, String name, String input, int in, int out, int kernel, int stride) {
        return b.add(name + "_relu", new Layer.Relu(), convBn(b, name, input, in, out, kernel, stride));
    }

    private static String convBn(Network.Builder b, String name, String input, int in, int out, int kernel, int stride) {
        return b.add(name + "_bn", new Layer.BatchNorm(out), b.add(name + "_conv", new Layer.Conv(in, out, kernel, stride), input));
    }
}
