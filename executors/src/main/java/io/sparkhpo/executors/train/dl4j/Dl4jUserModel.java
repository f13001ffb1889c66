package io.sparkhpo.executors.train.dl4j;

import io.sparkhpo.executors.data.DataException;
import io.sparkhpo.executors.data.Dataset;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossNegativeLogLikelihood;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A user's DL4J network as the {@code dl4j} model reads it: a {@link ComputationGraph} or {@link MultiLayerNetwork}
 * saved with {@link ModelSerializer} (its weights are the trial's initial weights, the same for every trial), or
 * its JSON configuration (initialized from the trial's seed). The network's own updater and regularization are
 * dropped (the trial's optimizer, weight decay and clipping apply, as for the built-in networks); its layers,
 * activations, dropout and BatchNorm are kept.
 *
 * <p>Checked before training, each failure a {@link DataException} naming the file: it is a DL4J network with one
 * input and one output; the output is an {@link OutputLayer} with softmax and cross-entropy (MCXENT or negative
 * log-likelihood) and as many outputs as the data set has classes; a forward pass of one of the data set's images
 * (in the layout its first layer takes) works, else the error names both shapes.
 */
final class Dl4jUserModel {

    /** The network, the layout its input takes, and whether it takes images as flat vectors. */
    record Loaded(ComputationGraph graph, CNN2DFormat format, boolean flat) {
    }

    private Dl4jUserModel() {
    }

    static Loaded load(Path file, Dataset shapeOf, long seed) {
        if (!Files.isRegularFile(file)) {
            throw new DataException(file, "model.file does not exist (a DL4J network saved with ModelSerializer, or its JSON configuration)");
        }
        ComputationGraph loaded = read(file, seed);
        ComputationGraphConfiguration conf = loaded.getConfiguration().clone();
        if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1) {
            throw new DataException(file, "the network has " + conf.getNetworkInputs().size() + " inputs and "
                    + conf.getNetworkOutputs().size() + " outputs; a trial's network takes one image and gives class scores");
        }
        String out = conf.getNetworkOutputs().get(0);
        if (!(conf.getVertices().get(out) instanceof LayerVertex lv) || !(lv.getLayerConf().getLayer() instanceof OutputLayer o)) {
            throw new DataException(file, "its output " + out + " is not an OutputLayer; a trial's network ends with a dense "
                    + "OutputLayer with softmax and MCXENT");
        }
        if (!(o.getActivationFn() instanceof ActivationSoftmax)
                || !(o.getLossFn() instanceof LossMCXENT || o.getLossFn() instanceof LossNegativeLogLikelihood)) {
            throw new DataException(file, "its output layer " + out + " has activation " + o.getActivationFn() + " and loss "
                    + o.getLossFn() + "; a trial's network ends with softmax and cross-entropy (MCXENT)");
        }
        if (o.getNOut() != shapeOf.classes()) {
            throw new DataException(file, "its output layer " + out + " has " + o.getNOut() + " outputs, the data set has "
                    + shapeOf.classes() + " classes");
        }
        for (GraphVertex v : conf.getVertices().values()) {
            if (v instanceof LayerVertex l && l.getLayerConf().getLayer() instanceof BaseLayer b) {
                b.setIUpdater(new NoOp());
                b.setRegularization(List.of());
                b.setRegularizationBias(List.of());
            }
        }
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init(loaded.params().dup(), false);
        Loaded m = layout(graph);
        checkInput(file, graph, shapeOf, m.format(), m.flat());
        return m;
    }

    private static ComputationGraph read(Path file, long seed) {
        try {
            if (file.getFileName().toString().endsWith(".json")) {
                String json = Files.readString(file, StandardCharsets.UTF_8);
                if (json.contains("\"vertices\"")) {
                    ComputationGraph g = new ComputationGraph(ComputationGraphConfiguration.fromJson(json));
                    Nd4j.getRandom().setSeed(seed);
                    g.init();
                    return g;
                }
                MultiLayerNetwork m = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(json));
                Nd4j.getRandom().setSeed(seed);
                m.init();
                return m.toComputationGraph();
            }
            String config = configurationOf(file);
            return config.contains("\"vertices\"") ? ModelSerializer.restoreComputationGraph(file.toFile(), false)
                    : ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false).toComputationGraph();
        } catch (IOException | RuntimeException e) {
            throw new DataException(file, "not a DL4J network (ModelSerializer's zip or a JSON configuration): " + e.getMessage(), e);
        }
    }

    /** The {@code configuration.json} inside a ModelSerializer zip. */
    private static String configurationOf(Path file) throws IOException {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            java.util.zip.ZipEntry e = zip.getEntry("configuration.json");
            if (e == null) {
                throw new IOException("no configuration.json in the zip");
            }
            return new String(zip.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * How its input takes an image, from the first layer that reads it: through a CNN-to-vector preprocessor (an image
     * in that preprocessor's layout), a vector-to-CNN one (a flat vector), a convolution, pooling or BatchNorm (an image
     * in its layout), else (a dense layer) a flat vector.
     */
    private static Loaded layout(ComputationGraph graph) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        String in = conf.getNetworkInputs().get(0);
        for (String name : conf.getTopologicalOrderStr()) {
            if (!conf.getVertexInputs().getOrDefault(name, List.of()).contains(in)
                    || !(conf.getVertices().get(name) instanceof LayerVertex lv)) {
                continue;
            }
            if (lv.getPreProcessor() instanceof CnnToFeedForwardPreProcessor p) {
                return new Loaded(graph, p.getFormat(), false);
            }
            if (lv.getPreProcessor() instanceof FeedForwardToCnnPreProcessor) {
                return new Loaded(graph, CNN2DFormat.NCHW, true);
            }
            Object layer = lv.getLayerConf().getLayer();
            if (layer instanceof ConvolutionLayer c) {
                return new Loaded(graph, c.getCnn2dDataFormat(), false);
            }
            if (layer instanceof SubsamplingLayer sl) {
                return new Loaded(graph, sl.getCnn2dDataFormat(), false);
            }
            if (layer instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization bn) {
                return new Loaded(graph, bn.getCnn2DFormat(), false);
            }
            return new Loaded(graph, CNN2DFormat.NCHW, true);
        }
        return new Loaded(graph, CNN2DFormat.NCHW, true);
    }

    private static void checkInput(Path file, ComputationGraph graph, Dataset shapeOf, CNN2DFormat format, boolean flat) {
        String data = shapeOf.channels() + "x" + shapeOf.height() + "x" + shapeOf.width();
        long[] shape = flat ? new long[]{1, shapeOf.imageBytes()} : format == CNN2DFormat.NHWC
                ? new long[]{1, shapeOf.height(), shapeOf.width(), shapeOf.channels()}
                : new long[]{1, shapeOf.channels(), shapeOf.height(), shapeOf.width()};
        try {
            graph.outputSingle(false, Nd4j.zeros(DataType.FLOAT, shape));
        } catch (RuntimeException e) {
            throw new DataException(file, "the network cannot take the data set's " + data + " images ("
                    + (flat ? "flattened to " + shapeOf.imageBytes() : format) + "): " + e.getMessage(), e);
        }
    }
}
