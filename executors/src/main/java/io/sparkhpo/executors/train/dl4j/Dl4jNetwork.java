package io.sparkhpo.executors.train.dl4j;

import io.sparkhpo.executors.model.Layer;
import io.sparkhpo.executors.model.Network;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A {@link Network} as a DL4J {@link ComputationGraph}, a vertex per node under the node's name, added in the network's
 * order (so DL4J orders and initializes the parameters as the network lists them). Convolutions use He (normal,
 * fan-in) initialization; dense layers PyTorch's {@code nn.Linear} weight, U(−1/√fan_in, 1/√fan_in) (DL4J
 * {@code WeightInit.UNIFORM}), biases 0; the classifier is an output layer with softmax and cross-entropy. Option A's
 * shortcut is a 1x1 max-pooling with the stride (every stride-th pixel) merged along the channels with itself scaled
 * by 0.
 *
 * <p>The graph has no DL4J updater or regularization: DL4J computes gradients, and {@link Dl4jSession} applies the
 * shared optimizer (weight decay included) itself.
 */
final class Dl4jNetwork {

    private Dl4jNetwork() {
    }

    static ComputationGraph build(Network network, long seed, IUpdater updater, Dl4jOptions options) {
        Network.Shape in = network.input();
        ComputationGraphConfiguration.GraphBuilder gb = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(updater)
                .trainingWorkspaceMode(options.workspaces())
                .inferenceWorkspaceMode(options.workspaces())
                .cacheMode(options.cache())
                .convolutionMode(ConvolutionMode.Truncate)
                .graphBuilder()
                .addInputs(Network.INPUT)
                .setInputTypes(in.image() ? InputType.convolutional(in.height(), in.width(), in.channels(), options.format())
                        : InputType.feedForward(in.channels()));
        CNN2DFormat format = options.format();
        if (format != CNN2DFormat.NCHW && Dl4jOptions.flattensAnImage(network)) {
            throw new IllegalArgumentException("a network that flattens an image is built NCHW (Dl4jOptions.forNetwork)");
        }
        for (Network.Node n : network.nodes()) {
            String[] inputs = n.inputs().toArray(String[]::new);
            Layer l = n.layer();
            if (l instanceof Layer.Conv c) {
                int pad = c.kernel() / 2;
                gb.addLayer(n.name(), new ConvolutionLayer.Builder(c.kernel(), c.kernel()).stride(c.stride(), c.stride())
                        .padding(pad, pad).nIn(c.in()).nOut(c.out()).hasBias(false).activation(Activation.IDENTITY)
                        .weightInit(WeightInit.RELU).dataFormat(format).build(), inputs);
            } else if (l instanceof Layer.BatchNorm b) { // DL4J: decay·running + (1 − decay)·batch
                gb.addLayer(n.name(), new BatchNormalization.Builder().nIn(b.channels()).nOut(b.channels())
                        .eps(Layer.BN_EPS).decay(1 - Layer.BN_MOMENTUM).dataFormat(format).build(), inputs);
            } else if (l instanceof Layer.Relu) {
                gb.addLayer(n.name(), new ActivationLayer.Builder().activation(Activation.RELU).build(), inputs);
            } else if (l instanceof Layer.Add) {
                gb.addVertex(n.name(), new ElementWiseVertex(ElementWiseVertex.Op.Add), inputs);
            } else if (l instanceof Layer.ZeroPadShortcut z) {
                if (z.out() != 2 * z.in()) {
                    throw new IllegalArgumentException(n.name() + ": the dl4j engine pads a shortcut to twice its channels only");
                }
                String sub = n.name() + "_sub";
                gb.addLayer(sub, new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(1, 1)
                        .stride(z.stride(), z.stride()).dataFormat(format).build(), inputs);
                gb.addVertex(n.name() + "_zeros", new ScaleVertex(0), sub);
                MergeVertex merge = new MergeVertex();
                merge.setMergeAxis(format == CNN2DFormat.NHWC ? 3 : 1);
                gb.addVertex(n.name(), merge, sub, n.name() + "_zeros");
            } else if (l instanceof Layer.GlobalAvgPool) {
                int[] spatial = format == CNN2DFormat.NHWC ? new int[]{1, 2} : new int[]{2, 3};
                gb.addLayer(n.name(), new GlobalPoolingLayer.Builder(PoolingType.AVG).poolingDimensions(spatial).build(), inputs);
            } else if (l instanceof Layer.Flatten) {
                if (in.image()) {
                    gb.addVertex(n.name(), new org.deeplearning4j.nn.conf.graph.PreprocessorVertex(
                            new CnnToFeedForwardPreProcessor(in.height(), in.width(), in.channels(), format)), inputs);
                } else {
                    gb.addLayer(n.name(), new ActivationLayer.Builder().activation(Activation.IDENTITY).build(), inputs);
                }
            } else if (l instanceof Layer.Dense d && n.name().equals(Network.OUTPUT)) {
                gb.addLayer(n.name(), new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(d.in()).nOut(d.out())
                        .activation(Activation.SOFTMAX).weightInit(WeightInit.UNIFORM).build(), inputs);
            } else if (l instanceof Layer.Dense d) {
                gb.addLayer(n.name(), new DenseLayer.Builder().nIn(d.in()).nOut(d.out()).activation(Activation.IDENTITY)
                        .weightInit(WeightInit.UNIFORM).build(), inputs);
            } else {
                throw new IllegalArgumentException("the dl4j engine has no layer " + l);
            }
        }
        gb.setOutputs(Network.OUTPUT);
        ComputationGraph graph = new ComputationGraph(gb.build());
        graph.init();
        return graph;
    }
}
