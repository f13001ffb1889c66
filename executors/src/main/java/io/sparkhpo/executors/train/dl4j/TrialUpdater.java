package io.sparkhpo.executors.train.dl4j;

import io.sparkhpo.executors.optim.Chunk;
import io.sparkhpo.executors.optim.StepPlan;
import io.sparkhpo.executors.optim.Update;
import io.sparkhpo.executors.optim.UpdateRule;
import io.sparkhpo.executors.optim.WeightDecayMode;
import io.sparkhpo.executors.train.Traffic;
import io.sparkhpo.executors.train.LrController;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonIgnore;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A DL4J updater that takes the trial optimizer's step ({@link UpdateRule} through {@link Update}, the code every
 * engine runs) with the learning rate and momentum of the trial's schedule at DL4J's iteration count. Its state (the
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
     * parameters. The rule moves parameters rather than returning updates, so it is run with ND4J's kernels
     * ({@link Nd4jVectors}) on parameters at zero: the update is minus where they end up (no rule reads the
     * parameters' values). The block's state arrays are views of DL4J's updater view, followed by the rule's
     * scalars, each repeated per element (so that parameter averaging keeps them).
     */
    static final class Step implements GradientUpdater<TrialUpdater> {

        private final TrialUpdater config;
        private final UpdateRule rule;
        private final Nd4jVectors ops = new Nd4jVectors(new Traffic());
        private INDArray view;
        // the block's working arrays and chunks, made on its first step (a block's size never changes)
        private INDArray theta;
        private INDArray scratch0;
        private INDArray scratch1;
        private INDArray gradient;
        private List<Chunk<INDArray>> chunks;

        Step(TrialUpdater config) {
            this.config = config;
            this.rule = config.plan().optimizer().rule();
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
            this.chunks = null;
            if (!initialize) {
                return;
            }
            double[] scalars = rule.initialScalars();
            int arrays = rule.stateArrays() + scalars.length;
            if (arrays == 0) {
                return;
            }
            int n = (int) (viewArray.length() / arrays);
            for (int k = 0; k < arrays; k++) {
                double v = k < rule.stateArrays() ? rule.initialState(k) : scalars[k - rule.stateArrays()];
                ops.slice(viewArray, k * n, (k + 1) * n).assign(v);
            }
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            int n = (int) gradient.length();
            if (chunks == null || gradient != this.gradient) {
                prepare(gradient, n);
            }
            double[] scalars = new double[rule.initialScalars().length];
            for (int j = 0; j < scalars.length; j++) {
                scalars[j] = view.reshape(view.length()).getDouble((long) (rule.stateArrays() + j) * n);
            }
            theta.assign(0);
            StepPlan p = config.at(iteration);
            // the weight decay is DecayAndClipping's, done before DL4J called the updater: none here
            Update.apply(ops, rule, WeightDecayMode.L2, chunks, scalars, iteration + 1L,
                    new StepPlan(p.lr(), p.eta(), 0, p.momentum()));
            gradient.assign(theta.reshape(gradient.shape()).negi());
            for (int j = 0; j < scalars.length; j++) {
                int k = rule.stateArrays() + j;
                ops.slice(view, k * n, (k + 1) * n).assign(scalars[j]);
            }
        }

        /** The chunks over this gradient view (DL4J may hand a new view object of the same block each step). */
        private void prepare(INDArray gradient, int n) {
            this.gradient = gradient;
            if (theta == null || theta.length() != n) {
                // DL4J calls updaters inside its workspaces: arrays kept across steps live outside them
                try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                    theta = Nd4j.create(DataType.FLOAT, n);
                    scratch0 = Nd4j.create(DataType.FLOAT, n);
                    scratch1 = Nd4j.create(DataType.FLOAT, n);
                }
            }
            INDArray[] state = new INDArray[rule.stateArrays()];
            for (int k = 0; k < state.length; k++) {
                state[k] = ops.slice(view, k * n, (k + 1) * n);
            }
            this.chunks = Chunk.cut(ops, List.of(theta), List.of(ops.slice(gradient, 0, n)), state, scratch0, scratch1,
                    Nd4jVectors.CHUNK);
        }
    }
}
