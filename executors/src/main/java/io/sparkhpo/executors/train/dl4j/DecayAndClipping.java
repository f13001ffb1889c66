package io.sparkhpo.executors.train.dl4j;

import io.sparkhpo.executors.optim.Chunk;
import io.sparkhpo.executors.optim.StepPlan;
import io.sparkhpo.executors.optim.Update;
import io.sparkhpo.executors.optim.WeightDecayMode;
import io.sparkhpo.executors.train.LrController;
import io.sparkhpo.executors.train.Traffic;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.Serializable;
import java.util.List;

/**
 * The part of a trial's step that needs the whole gradient or the parameters, run where DL4J lets a listener
 * change both: after the backward pass, before the updater ({@code BaseOptimizer.gradientAndScore}). On the
 * trainable parameters (BatchNorm's running statistics excluded) it clips the minibatch-mean gradient, adds the
 * L2 term, or shrinks the parameters by the decoupled decay ({@link Update#clip}, {@link Update#decay}: the code
 * every engine's step runs, here on ND4J views of the trainable parameters), in that order: clip, then decay,
 * then the rule ({@link TrialUpdater}). DL4J's gradient here is still the minibatch sum, so it is scaled by the
 * minibatch size around the work.
 */
public final class DecayAndClipping extends BaseTrainingListener implements Serializable {

    private final DataParallelPlan plan;
    private transient LrController controller;
    private transient Nd4jVectors ops;
    private transient List<Chunk<INDArray>> chunks;
    private transient List<INDArray> grads;

    public DecayAndClipping(DataParallelPlan plan) {
        this.plan = plan;
    }

    @Override
    public void onGradientCalculation(Model model) {
        ComputationGraph g = (ComputationGraph) model;
        if (chunks == null) {
            prepare(g);
        }
        StepPlan p = plan.at(controller, g.getConfiguration().getIterationCount());
        WeightDecayMode mode = plan.optimizer().weightDecay().mode();
        double lambda = p.weightDecay();
        boolean clip = plan.clipping().maxNorm() != Double.POSITIVE_INFINITY
                || plan.clipping().maxValue() != Double.POSITIVE_INFINITY;
        if (!clip && lambda == 0) {
            return;
        }
        double batch = g.batchSize();
        boolean l2 = mode == WeightDecayMode.L2;
        if (clip || l2) {
            grads.forEach(x -> x.muli(1 / batch));
        }
        if (clip) {
            Update.clip(ops, grads, plan.clipping().maxNorm(), plan.clipping().maxValue());
        }
        for (Chunk<INDArray> c : chunks) {
            Update.decay(ops, mode, c, p);
        }
        if (clip || l2) {
            grads.forEach(x -> x.muli(batch));
        }
    }

    private void prepare(ComputationGraph g) {
        ParamLayout layout = ParamLayout.of(g);
        controller = plan.controller();
        ops = new Nd4jVectors(new Traffic());
        int scratch = layout.largestTrainableView();
        // DL4J calls listeners inside its workspaces: arrays kept across steps live outside them
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            chunks = Chunk.cut(ops, layout.trainableViews(ops, g.params()), layout.trainableViews(ops,
                    g.getFlattenedGradients()), new INDArray[0], Nd4j.create(DataType.FLOAT, scratch),
                    Nd4j.create(DataType.FLOAT, scratch), Nd4jVectors.CHUNK);
        }
        grads = Update.grads(chunks);
    }
}
