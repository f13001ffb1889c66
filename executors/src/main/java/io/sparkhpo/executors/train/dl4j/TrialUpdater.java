package io.sparkhpo.executors.train.dl4j;

import io.sparkhpo.executors.optim.StepPlan;
import io.sparkhpo.executors.optim.UpdateRule;
import io.sparkhpo.executors.train.LrController;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonIgnore;

import java.util.Map;
import java.util.Objects;

/**
 * A DL4J updater that takes the trial optimizer's step ({@link UpdateRule}, the same code {@code FloatOptimizer}
 * runs) with the learning rate and momentum of the trial's schedule at DL4J's iteration count. Its state (the
 * rule's per-parameter arrays, then its scalars, each repeated per parameter) lives in DL4J's updater view
 * array, so DL4J saves it with the
 * network and the Spark training masters average and broadcast it with the parameters.
 *
 * <p>What needs the parameters (weight decay) or the whole gradient (clipping) is not an updater's business in
 * DL4J: {@link DecayAndClipping} does it before the updater runs. A network trained with both takes the steps
 * {@link Dl4jSession} takes.
 */
public final class TrialUpdater implements IUpdater {

    private String plan;
    @JsonIgnore
    private transient DataParallelPlan decoded;
    @JsonIgnore
    private transient LrController controller;

    /** For DL4J's JSON reader. */
    @SuppressWarnings("unused")
    private TrialUpdater() {
    }

    public TrialUpdater(DataParallelPlan plan) {
        this.plan = plan.encode();
        this.decoded = plan;
    }

    DataParallelPlan plan() {
        if (decoded == null) {
            decoded = DataParallelPlan.decode(plan);
        }
        return decoded;
    }

    /**
     * The step plans, made once per updater: DL4J asks {@link #getLearningRate} for every variable of every block
     * on every step. A network's updater configurations are used by its one training thread.
     */
    StepPlan at(long iteration) {
        if (controller == null) {
            controller = plan().controller();
        }
        return plan().at(controller, iteration);
    }

    @Override
    public long stateSize(long numParams) {
        UpdateRule rule = plan().optimizer().rule();
        return (rule.stateArrays() + rule.initialScalars().length) * numParams;
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        Step u = new Step(this);
        u.setStateViewArray(viewArray, new long[]{1, viewArray.length()}, 'c', initializeViewArray);
        return u;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        throw new UnsupportedOperationException("TrialUpdater keeps its state in a view array only");
    }

    @Override
    public IUpdater clone() {
        return new TrialUpdater(plan());
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return at(iteration).lr();
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        throw new UnsupportedOperationException("the trial's schedule sets the learning rate");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrialUpdater u && u.plan.equals(plan);
    }

    @Override
    public int hashCode() {
        return Objects.hash(plan);
    }

    @Override
    public String toString() {
        return "TrialUpdater(" + plan().optimizer().label() + ")";
    }

    /**
     * One updater block's step. DL4J hands it the block's gradient, already divided by the minibatch size (and
     * clipped, with the L2 term added, by {@link DecayAndClipping}), and subtracts what it leaves there from the
     * parameters. The rule moves parameters rather than returning updates, so it is run on parameters at zero:
     * the update is minus where they end up (no rule reads the parameters' values).
     */
    static final class Step implements GradientUpdater<TrialUpdater> {

        private final TrialUpdater config;
        private final UpdateRule rule;
        private INDArray view;
        // the block's working arrays, reused from step to step (a block's size never changes)
        private double[] g = new double[0];
        private double[] theta = new double[0];
        private double[][] state;
        private float[] update = new float[0];

        Step(TrialUpdater config) {
            this.config = config;
            this.rule = config.plan().optimizer().rule();
            this.state = new double[rule.stateArrays()][0];
        }

        @Override
        public TrialUpdater getConfig() {
            return config;
        }

        @Override
        public void setState(Map<String, INDArray> stateMap, boolean initialize) {
            throw new UnsupportedOperationException("TrialUpdater keeps its state in a view array only");
        }

        @Override
        public Map<String, INDArray> getState() {
            return Map.of("state", view);
        }

        @Override
        public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
            this.view = viewArray;
            if (!initialize) {
                return;
            }
            double[] scalars = rule.initialScalars();
            int arrays = rule.stateArrays() + scalars.length;
            if (arrays == 0) {
                return;
            }
            int n = (int) (viewArray.length() / arrays);
            float[] init = new float[(int) viewArray.length()];
            for (int k = 0; k < arrays; k++) {
                double v = k < rule.stateArrays() ? rule.initialState(k) : scalars[k - rule.stateArrays()];
                java.util.Arrays.fill(init, k * n, (k + 1) * n, (float) v);
            }
            Dl4jSession.assign(viewArray, init);
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            int n = (int) gradient.length();
            int arrays = rule.stateArrays();
            float[] g32 = gradient.toFloatVector();
            float[] st = view == null ? new float[0] : view.toFloatVector();
            int scalarCount = rule.initialScalars().length;
            if (g.length != n) {
                g = new double[n];
                theta = new double[n];
                state = new double[arrays][n];
                update = new float[n];
            }
            java.util.Arrays.fill(theta, 0.0);
            for (int i = 0; i < n; i++) {
                g[i] = g32[i];
            }
            for (int k = 0; k < arrays; k++) {
                for (int i = 0; i < n; i++) {
                    state[k][i] = st[k * n + i];
                }
            }
            double[] scalars = new double[scalarCount];
            for (int j = 0; j < scalarCount; j++) {
                scalars[j] = st[(arrays + j) * n];
            }
            StepPlan p = config.at(iteration);
            rule.apply(theta, g, n, state, scalars, new io.sparkhpo.executors.optim.Step(iteration + 1L, p.lr(), p.momentum()));
            for (int i = 0; i < n; i++) {
                update[i] = (float) -theta[i];
            }
            Dl4jSession.assign(gradient, update);
            if (st.length > 0) {
                for (int k = 0; k < arrays; k++) {
                    for (int i = 0; i < n; i++) {
                        st[k * n + i] = (float) state[k][i];
                    }
                }
                for (int j = 0; j < scalarCount; j++) {
                    java.util.Arrays.fill(st, (arrays + j) * n, (arrays + j + 1) * n, (float) scalars[j]);
                }
                Dl4jSession.assign(view, st);
            }
        }

    }
}
