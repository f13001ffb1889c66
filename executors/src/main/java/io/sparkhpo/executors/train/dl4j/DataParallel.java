package io.sparkhpo.executors.train.dl4j;

import io.sparkhpo.executors.data.Batch;
import io.sparkhpo.executors.data.Dataset;
import io.sparkhpo.executors.train.TrialSpec;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;

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
        io.sparkhpo.executors.model.Network network = Dl4jEngine.network(spec, shapeOf);
        if (Dl4jOptions.flattensAnImage(network)) {
            throw new IllegalArgumentException("data-parallel training takes networks that keep images as images; "
                    + spec.model().label() + " flattens them: train it without data parallelism");
        }
        return Dl4jNetwork.build(network, spec.seed(), new TrialUpdater(plan), Dl4jOptions.current());
    }

    /** The listener every worker's network must run (weight decay and clipping; see {@link DecayAndClipping}). */
    public static DecayAndClipping listener(DataParallelPlan plan) {
        return new DecayAndClipping(plan);
    }

    /** A batch as features in the network's layout and one-hot labels. */
    public static DataSet dataSet(Batch b, int classes) {
        return new DataSet(Dl4jSession.input(b, Dl4jOptions.current().format()), Dl4jSession.oneHot(b, classes));
    }
}
