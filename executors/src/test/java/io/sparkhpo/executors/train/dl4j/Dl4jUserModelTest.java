package io.sparkhpo.executors.train.dl4j;

import io.sparkhpo.executors.data.DataException;
import io.sparkhpo.executors.data.DataSpec;
import io.sparkhpo.executors.data.Dataset;
import io.sparkhpo.executors.data.TestData;
import io.sparkhpo.executors.model.ModelSpec;
import io.sparkhpo.executors.optim.OptimizerSpecs;
import io.sparkhpo.executors.optim.StepPlan;
import io.sparkhpo.executors.optim.WeightDecay;
import io.sparkhpo.executors.optim.WeightDecayMode;
import io.sparkhpo.executors.train.BatchResult;
import io.sparkhpo.executors.train.Engines;
import io.sparkhpo.executors.train.TrainingSession;
import io.sparkhpo.executors.train.TrialSpec;
import io.sparkhpo.executors.data.Batches;
import io.sparkhpo.executors.data.Normalization;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code dl4j} model: a user's network saved with ModelSerializer (a ComputationGraph, a MultiLayerNetwork) or as
 * JSON is trained by the trial's optimizer from the file's weights; files that are not networks or do not fit the data
 * are errors naming the file and the shapes.
 */
class Dl4jUserModelTest {

    @TempDir
    Path dir;

    private final Dataset data = TestData.randomImages(12, 8, 1);

    @Test
    void aSavedGraphTrainsFromItsOwnWeightsWithTheTrialsOptimizer() throws IOException {
        ComputationGraph g = cnn(10, InputType.convolutional(8, 8, 3, CNN2DFormat.NCHW));
        Path file = dir.resolve("cnn.zip");
        ModelSerializer.writeModel(g, file.toFile(), true);
        try (TrainingSession s = open(file)) {
            assertEquals(3 * 4 * 9 + 4 * 2 + 4 * 10 + 10, s.trainableParameters(), "conv, BatchNorm's γ and β, the classifier");
            float[] before = s.weights();
            assertTrue(Arrays.equals(before, ParamLayoutOf.trainable(g)), "the file's weights start the trial");
            Batches b = Batches.evaluation(data, 6, Normalization.of(data));
            BatchResult r = s.trainBatch(b.get(0, 0), StepPlan.constant(0.1, 0));
            assertTrue(Double.isFinite(r.loss()) && r.wrong() >= 0 && r.wrong() <= 6, r.toString());
            assertFalse(Arrays.equals(before, s.weights()), "the step moved the weights");
            ComputationGraph trained = ((Dl4jSession) s).graph();
            trained.getLayers()[0].conf().getLayer();
            assertTrue(Arrays.stream(trained.getLayers()).allMatch(l -> !(l.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BaseLayer bl)
                    || bl.getIUpdater() instanceof org.nd4j.linalg.learning.config.NoOp && bl.getRegularization().isEmpty()),
                    "the file's Adam and L2 are replaced by the trial's optimizer");
        }
    }

    @Test
    void aMultiLayerNetworkOnFlatInputsAndAJsonConfigurationLoadToo() throws IOException {
        MultiLayerNetwork mlp = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3).list()
                .layer(new DenseLayer.Builder().nIn(192).nOut(16).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(10).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(192)).build());
        mlp.init();
        Path zip = dir.resolve("mlp.zip");
        ModelSerializer.writeModel(mlp, zip.toFile(), false);
        try (TrainingSession s = open(zip)) {
            assertEquals(192 * 16 + 16 + 16 * 10 + 10, s.trainableParameters());
            BatchResult r = s.trainBatch(Batches.evaluation(data, 6, Normalization.of(data)).get(0, 0), StepPlan.constant(0.1, 0));
            assertTrue(Double.isFinite(r.loss()), r.toString());
        }
        Path json = dir.resolve("mlp.json");
        Files.writeString(json, mlp.getLayerWiseConfigurations().toJson());
        try (TrainingSession a = open(json); TrainingSession b = open(json)) {
            assertArrayEquals(a.weights(), b.weights(), "a JSON configuration is initialized from the trial's seed");
        }
    }

    @Test
    void filesThatAreNotNetworksOrDoNotFitAreErrorsNamingTheFile() throws IOException {
        Path missing = dir.resolve("missing.zip");
        assertTrue(assertThrows(DataException.class, () -> open(missing)).getMessage().contains("does not exist"));

        Path corrupt = dir.resolve("corrupt.zip");
        Files.write(corrupt, new byte[]{1, 2, 3, 4});
        DataException c = assertThrows(DataException.class, () -> open(corrupt));
        assertTrue(c.getMessage().contains("corrupt.zip") && c.getMessage().contains("not a DL4J network"), c.getMessage());

        Path classes = dir.resolve("classes.zip");
        ModelSerializer.writeModel(cnn(5, InputType.convolutional(8, 8, 3, CNN2DFormat.NCHW)), classes.toFile(), false);
        DataException k = assertThrows(DataException.class, () -> open(classes));
        assertTrue(k.getMessage().contains("has 5 outputs, the data set has 10 classes"), k.getMessage());

        Path shape = dir.resolve("shape.zip");
        ModelSerializer.writeModel(cnn(10, InputType.convolutional(16, 16, 1, CNN2DFormat.NCHW)), shape.toFile(), false);
        DataException sh = assertThrows(DataException.class, () -> open(shape));
        assertTrue(sh.getMessage().contains("shape.zip") && sh.getMessage().contains("3x8x8"), sh.getMessage());

        MultiLayerNetwork regression = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(192).nOut(10).activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(192)).build());
        regression.init();
        Path mse = dir.resolve("mse.zip");
        ModelSerializer.writeModel(regression, mse.toFile(), false);
        DataException m = assertThrows(DataException.class, () -> open(mse));
        assertTrue(m.getMessage().contains("softmax and cross-entropy"), m.getMessage());
    }

    private TrainingSession open(Path file) {
        TrialSpec spec = TrialSpec.basic("t", 0, "dl4j", new DataSpec("cifar10", "/", 12, 12, 0, false, false),
                new ModelSpec("dl4j", Map.of("file", file.toString())),
                OptimizerSpecs.create("sgd", 0.1, Map.of(), WeightDecay.none(WeightDecayMode.L2)), 1, 6, 4);
        return Engines.get("dl4j").open(spec, data);
    }

    /** A small CNN with its own Adam and L2, for images of {@code input}. */
    private static ComputationGraph cnn(int classes, InputType input) {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(1e-3)).l2(1e-4)
                .graphBuilder().addInputs("in")
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(4).hasBias(false).activation(Activation.RELU).build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().build(), "conv")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "bn")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                        .activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out").setInputTypes(input).build());
        g.init();
        return g;
    }

    /** The trainable part of a graph's parameters, in the session's order. */
    static final class ParamLayoutOf {
        static float[] trainable(ComputationGraph g) {
            ParamLayout layout = ParamLayout.of(g);
            float[] out = new float[layout.trainableSize()];
            layout.gather(g.params().toFloatVector(), out);
            return out;
        }
    }
}
