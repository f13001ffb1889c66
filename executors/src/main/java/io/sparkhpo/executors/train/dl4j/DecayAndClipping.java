package io.sparkhpo.executors.train.dl4j;

import io.sparkhpo.executors.optim.StepPlan;
import io.sparkhpo.executors.optim.WeightDecayMode;
import io.sparkhpo.executors.train.LrController;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.Serializable;

/**
 * The part of a trial's step that needs the whole gradient or the parameters, run where DL4J lets a listener
 * change both: after the backward pass, before the updater ({@code BaseOptimizer.gradientAndScore}). On the
 * trainable parameters (BatchNorm's running statistics excluded) it clips the minibatch-mean gradient, adds the
 * L2 term, or shrinks the parameters by the decoupled decay, in {@code FloatOptimizer}'s order: clip, then decay,
 * then the rule ({@link TrialUpdater}). DL4J's gradient here is still the minibatch sum, so it is scaled by the
 * minibatch size around the work.
 */
public final class DecayAndClipping extends BaseTrainingListener implements Serializable {

    private final DataParallelPlan plan;
    private transient LrController controller;
    private transient ParamLayout layout;
    private transient float[] theta;
    private transient float[] grad;

    public DecayAndClipping(DataParallelPlan plan) {
        this.plan = plan;
    }

    @Override
    public void onGradientCalculation(Model model) {
        ComputationGraph g = (ComputationGraph) model;
        if (layout == null) {
            layout = ParamLayout.of(g);
            controller = plan.controller();
            theta = new float[layout.trainableSize()];
            grad = new float[layout.trainableSize()];
        }
        StepPlan p = plan.at(controller, g.getConfiguration().getIterationCount());
        WeightDecayMode mode = plan.optimizer().weightDecay().mode();
        double lambda = p.weightDecay();
        boolean clip = plan.clipping().maxNorm() != Double.POSITIVE_INFINITY
                || plan.clipping().maxValue() != Double.POSITIVE_INFINITY;
        boolean l2 = lambda != 0 && mode == WeightDecayMode.L2;
        boolean decoupled = lambda != 0 && mode != WeightDecayMode.L2;
        if (!clip && !l2 && !decoupled) {
            return;
        }
        INDArray paramsView = g.params();
        float[] params = paramsView.toFloatVector();
        layout.gather(params, theta);
        if (clip || l2) {
            INDArray gradView = g.getFlattenedGradients();
            float[] grads = gradView.toFloatVector();
            layout.gather(grads, grad);
            float batch = g.batchSize();
            for (int i = 0; i < grad.length; i++) {
                grad[i] /= batch;
            }
            plan.clipping().apply(grad, grad.length);
            for (int i = 0; i < grad.length; i++) {
                grad[i] = (float) (l2 ? grad[i] + lambda * theta[i] : grad[i]) * batch;
            }
            layout.scatter(grad, grads);
            Dl4jSession.assign(gradView, grads);
        }
        if (decoupled) {
            double factor = mode == WeightDecayMode.DECOUPLED ? 1 - p.eta() * lambda : 1 - p.lr() * lambda;
            for (int i = 0; i < theta.length; i++) {
                theta[i] = (float) (theta[i] * factor);
            }
            layout.scatter(theta, params);
            Dl4jSession.assign(paramsView, params);
        }
    }
}
