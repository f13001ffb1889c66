package com.example.objective;

import io.sparkhpo.api.Objective;
import io.sparkhpo.api.TrialContext;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A user's objective as one would write it: a small Deeplearning4j network (one hidden layer, Adam with L2) on a
 * tabular data set ({@link TabularData}), trained {@code epochs} epochs; after each epoch it reports the validation
 * error (with the training loss and accuracy as metrics) and saves a checkpoint (the epoch, the weights and Adam's
 * moments), and a trial that is run again continues from it. Returns the last validation error. The checkpoint is
 * saved before each report, as population-based training needs.
 *
 * <p>Parameters: {@code lr}, {@code weight_decay}, {@code hidden} (units), {@code batch_size}, {@code epochs}, and
 * {@code data} (the CSV's path; written there on first use). A run that continues from a checkpoint trains with its
 * own {@code lr} (population-based training changes it); L2 stays the checkpoint's.
 */
public final class TabularMlp implements Objective {

    private static final int ROWS = 2000;

    @Override
    public double evaluate(TrialContext t) throws IOException {
        return train(t).error();
    }

    /** The validation error after the last epoch, and the network's size. */
    record Trained(double error, long parameters) {
    }

    static Trained train(TrialContext t) throws IOException {
        Path file = TabularData.ensure(Path.of(t.getString("data")), ROWS, 42);
        TabularData.Rows rows = TabularData.read(file);
        int cut = rows.y().length * 4 / 5;
        DataSet all = toDataSet(rows);
        List<DataSet> split = List.of((DataSet) all.getRange(0, cut), (DataSet) all.getRange(cut, rows.y().length));
        DataSet train = split.get(0);
        DataSet valid = split.get(1);

        int epochs = t.getInt("epochs");
        int batch = t.getInt("batch_size");
        int from = 0;
        MultiLayerNetwork net;
        byte[] saved = t.restoreCheckpoint().orElse(null);
        if (saved != null) {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved));
            from = in.readInt();
            net = ModelSerializer.restoreMultiLayerNetwork(in, true);
            net.setLearningRate(t.getDouble("lr")); // this run's value (PBT may have changed it), not the checkpoint's
        } else {
            net = new MultiLayerNetwork(network(t));
            net.init();
        }
        t.setUserAttr("parameters", net.numParams());
        double error = errorRate(net, valid); // what a checkpoint of the last epoch returns
        for (int epoch = from; epoch < epochs; epoch++) {
            train.shuffle(t.seed() + epoch);
            double loss = 0;
            List<DataSet> batches = train.batchBy(batch);
            for (DataSet b : batches) {
                net.fit(b);
                loss += net.score();
            }
            error = errorRate(net, valid);
            double trainError = errorRate(net, train);
            t.saveCheckpoint(checkpoint(epoch + 1, net)); // before the report: PBT keeps the checkpoint a report finds
            t.report(epoch + 1, error, Map.of("train_loss", loss / batches.size(), "train_error", trainError));
        }
        return new Trained(error, net.numParams());
    }

    private static MultiLayerConfiguration network(TrialContext t) {
        int hidden = t.getInt("hidden");
        return new NeuralNetConfiguration.Builder()
                .seed(t.seed())
                .updater(new Adam(t.getDouble("lr")))
                .l2(t.getDouble("weight_decay"))
                .list()
                .layer(new DenseLayer.Builder().nIn(TabularData.FEATURES).nOut(hidden).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(hidden).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build();
    }

    private static DataSet toDataSet(TabularData.Rows rows) {
        INDArray x = Nd4j.create(rows.x());
        INDArray y = Nd4j.zeros(rows.y().length, 2);
        for (int i = 0; i < rows.y().length; i++) {
            y.putScalar(i, rows.y()[i], 1.0);
        }
        return new DataSet(x, y);
    }

    private static double errorRate(MultiLayerNetwork net, DataSet d) {
        INDArray predicted = net.output(d.getFeatures()).argMax(1);
        INDArray actual = d.getLabels().argMax(1);
        long wrong = predicted.neq(actual).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
        return (double) wrong / d.numExamples();
    }

    private static byte[] checkpoint(int epochs, MultiLayerNetwork net) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(epochs);
        ModelSerializer.writeModel(net, out, true);
        out.flush();
        return bytes.toByteArray();
    }
}
