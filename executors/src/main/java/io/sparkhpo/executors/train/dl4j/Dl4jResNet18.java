package io.sparkhpo.executors.train.dl4j;

import io.sparkhpo.executors.model.ResNet18;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;


/**
 * Builds {@link ResNet18} as a DL4J {@link ComputationGraph}. Convolutions use He (normal, fan-in)
 * initialization; the classifier uses PyTorch's {@code nn.Linear} default, U(−1/√fan_in, 1/√fan_in)
 * (DL4J {@code WeightInit.UNIFORM}). The vertex before the classifier is named {@value #POOL}.
 *
 * <p>The network has no DL4J updater or regularization: DL4J computes gradients, and {@link Dl4jSession} applies
 * the shared optimizer (weight decay included) itself.
 */
final class Dl4jResNet18 {

    static final String INPUT = "input";
    static final String POOL = "pool";
    static final String OUTPUT = "output";

    private final ComputationGraphConfiguration.GraphBuilder gb;
    private final Dl4jOptions options;

    private Dl4jResNet18(ComputationGraphConfiguration.GraphBuilder gb, Dl4jOptions options) {
        this.gb = gb;
        this.options = options;
    }

    /** A freshly initialized network for {@code channels x height x width} inputs and {@code classes} classes. */
    static ComputationGraph build(int width, int channels, int height, int imageWidth, int classes, long seed) {
        return build(width, channels, height, imageWidth, classes, seed, new NoOp(), Dl4jOptions.DEFAULT);
    }

    static ComputationGraph build(int width, int channels, int height, int imageWidth, int classes, long seed,
                                  Dl4jOptions options) {
        return build(width, channels, height, imageWidth, classes, seed, new NoOp(), options);
    }

    /** The same network with a DL4J updater of its own, for tests that compare with DL4J's own training. */
    static ComputationGraph build(int width, int channels, int height, int imageWidth, int classes, long seed,
                                  IUpdater updater) {
        return build(width, channels, height, imageWidth, classes, seed, updater, Dl4jOptions.DEFAULT);
    }

    static ComputationGraph build(int width, int channels, int height, int imageWidth, int classes, long seed,
                                  IUpdater updater, Dl4jOptions options) {
        ComputationGraphConfiguration.GraphBuilder gb = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(updater)
                .trainingWorkspaceMode(options.workspaces())
                .inferenceWorkspaceMode(options.workspaces())
                .cacheMode(options.cache())
                .convolutionMode(ConvolutionMode.Truncate)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(height, imageWidth, channels, options.format()));
        Dl4jResNet18 net = new Dl4jResNet18(gb, options);
        String x = net.convBnRelu("stem", INPUT, channels, width, 3, 1);
        int in = width;
        for (int s = 0; s < ResNet18.BLOCKS.length; s++) {
            int out = ResNet18.stageWidth(width, s);
            for (int b = 0; b < ResNet18.BLOCKS[s]; b++) {
                x = net.basicBlock("s" + (s + 1) + "b" + (b + 1), x, in, out, (b == 0 && s > 0) ? 2 : 1);
                in = out;
            }
        }
        int[] spatial = options.format() == CNN2DFormat.NHWC ? new int[]{1, 2} : new int[]{2, 3};
        gb.addLayer(POOL, new GlobalPoolingLayer.Builder(PoolingType.AVG).poolingDimensions(spatial).build(), x);
        OutputLayer fc = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nIn(in).nOut(classes).activation(Activation.SOFTMAX).weightInit(WeightInit.UNIFORM).build();
        gb.addLayer(OUTPUT, fc, POOL);
        gb.setOutputs(OUTPUT);
        ComputationGraph graph = new ComputationGraph(gb.build());
        graph.init();
        return graph;
    }

    private String basicBlock(String name, String input, int in, int out, int stride) {
        String a = convBnRelu(name + "_1", input, in, out, 3, stride);
        String b = convBn(name + "_2", a, out, out, 3, 1);
        String shortcut = input;
        if (stride != 1 || in != out) {
            shortcut = convBn(name + "_sc", input, in, out, 1, stride);
        }
        gb.addVertex(name + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), b, shortcut);
        gb.addLayer(name + "_relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), name + "_add");
        return name + "_relu";
    }

    private String convBnRelu(String name, String input, int in, int out, int kernel, int stride) {
        String bn = convBn(name, input, in, out, kernel, stride);
        gb.addLayer(name + "_relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), bn);
        return name + "_relu";
    }

    private String convBn(String name, String input, int in, int out, int kernel, int stride) {
        int pad = kernel / 2;
        ConvolutionLayer conv = new ConvolutionLayer.Builder(kernel, kernel)
                .stride(stride, stride).padding(pad, pad).nIn(in).nOut(out)
                .hasBias(false).activation(Activation.IDENTITY).weightInit(WeightInit.RELU)
                .dataFormat(options.format()).build();
        gb.addLayer(name + "_conv", conv, input);
        gb.addLayer(name + "_bn", new BatchNormalization.Builder().nIn(out).nOut(out).eps(ResNet18.BN_EPS)
                .decay(1 - ResNet18.BN_MOMENTUM).dataFormat(options.format()).build(), name + "_conv"); // DL4J: decay·running + (1 − decay)·batch
        return name + "_bn";
    }

}
