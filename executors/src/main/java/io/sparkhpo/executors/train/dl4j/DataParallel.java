package io.sparkhpo.executors.train.dl4j;

import io.sparkhpo.executors.data.Batch;
import io.sparkhpo.executors.data.Dataset;
import io.sparkhpo.executors.model.ResNet18;
import io.sparkhpo.executors.train.TrialSpec;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What data-parallel training (DL4J's Spark training masters) needs from the DL4J engine: the trial's network with
 * its optimizer inside DL4J ({@link TrialUpdater} plus the {@link DecayAndClipping} listener the workers must
 * run), and batches as DL4J {@link DataSet}s in the layout the network takes.
 */
public final class DataParallel {

    private DataParallel() {
    }

    /** A freshly initialized network of the trial's model, trained by {@code plan}'s optimizer and schedule. */
    public static ComputationGraph network(TrialSpec spec, Dataset shapeOf, DataParallelPlan plan) {
        if (!ResNet18.NAME.equals(spec.model().name())) {
            throw new IllegalArgumentException("the dl4j engine has no model " + spec.model().name());
        }
        return Dl4jResNet18.build(spec.model().width(), shapeOf.channels(), shapeOf.height(), shapeOf.width(),
                shapeOf.classes(), spec.seed(), new TrialUpdater(plan), Dl4jOptions.current());
    }

    /** The listener every worker's network must run (weight decay and clipping; see {@link DecayAndClipping}). */
    public static DecayAndClipping listener(DataParallelPlan plan) {
        return new DecayAndClipping(plan);
    }

    /** A batch as features in the network's layout and one-hot labels. */
    public static DataSet dataSet(Batch b, int classes) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, b.size(), classes);
        for (int k = 0; k < b.size(); k++) {
            y.putScalar(k, b.labels()[k], 1f);
        }
        return new DataSet(Dl4jSession.input(b, Dl4jOptions.current().format()), y);
    }
}
