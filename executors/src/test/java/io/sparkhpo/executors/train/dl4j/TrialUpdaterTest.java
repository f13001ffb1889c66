package io.sparkhpo.executors.train.dl4j;

import io.sparkhpo.executors.data.DataSpec;
import io.sparkhpo.executors.data.FashionMnist;
import io.sparkhpo.executors.model.ModelSpec;
import io.sparkhpo.executors.optim.OptimizerSpec;
import io.sparkhpo.executors.optim.OptimizerSpecs;
import io.sparkhpo.executors.optim.WeightDecay;
import io.sparkhpo.executors.optim.WeightDecayMode;
import io.sparkhpo.executors.schedule.ScheduleSpec;
import io.sparkhpo.executors.schedule.Unit;
import io.sparkhpo.executors.train.Clipping;
import io.sparkhpo.executors.train.LrController;
import io.sparkhpo.executors.train.TrialSpec;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A network trained by DL4J's own {@code fit} with {@link TrialUpdater} and {@link DecayAndClipping} (what
 * data-parallel workers run) takes the steps a {@link Dl4jSession} takes with the shared optimizer: the same
 * parameters after every step, for each weight-decay convention, with clipping, a schedule that moves the
 * learning rate and momentum, and rules with scalar state.
 */
class TrialUpdaterTest {

    private static final int EPOCHS = 3;
    private static final int STEPS_PER_EPOCH = 2;
    private static final int TRAIN = STEPS_PER_EPOCH * Dl4jTestNets.BATCH;

    record Case(String name, OptimizerSpec optimizer, ScheduleSpec schedule, Clipping clipping) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        ScheduleSpec oneCycle = ScheduleSpec.of("one_cycle", Unit.ITERATION, Map.of("pct_start", 0.3));
        ScheduleSpec cosine = ScheduleSpec.of("cosine", Unit.EPOCH, Map.of("t_max", 3.0));
        return List.of(
                new Case("adamw decoupled, cosine, clip norm", OptimizerSpecs.create("adam", 0.01, Map.of(), WeightDecay.of(0.05, WeightDecayMode.DECOUPLED)),
                        cosine, new Clipping(0.5, Double.POSITIVE_INFINITY)),
                new Case("sgd nesterov l2, one-cycle momentum, clip value",
                        OptimizerSpecs.create("sgd", 0.05, Map.of("momentum", 0.9, "nesterov", true), WeightDecay.of(5e-3, WeightDecayMode.L2)), oneCycle,
                        new Clipping(Double.POSITIVE_INFINITY, 0.05)),
                new Case("nadam decoupled_lr (scalar state)", OptimizerSpecs.create("nadam", 0.01, Map.of(),
                        WeightDecay.of(0.1, WeightDecayMode.DECOUPLED_LR)), cosine, Clipping.NONE),
                new Case("qhadam normalized decoupled (two scalars)", OptimizerSpecs.create("qhadam", 0.01,
                        Map.of("nu1", 0.7), new WeightDecay(0.2, WeightDecayMode.DECOUPLED, true)), ScheduleSpec.CONSTANT, Clipping.NONE));
    }

    private static TrialSpec spec(Case c) {
        return new TrialSpec("t", 0, Dl4jEngine.NAME, new DataSpec(FashionMnist.NAME, "/", TRAIN, Dl4jTestNets.BATCH, 0, false, false),
                ModelSpec.resnet18(Dl4jTestNets.WIDTH), c.optimizer(), c.schedule(), c.clipping(), null, EPOCHS,
                Dl4jTestNets.BATCH, 7);
    }

    private static DataParallelPlan plan(TrialSpec spec) {
        return DataParallelPlan.of(spec, EPOCHS, STEPS_PER_EPOCH, Dl4jTestNets.BATCH, TRAIN);
    }

    private static ComputationGraph dl4jTrained(DataParallelPlan plan) {
        ComputationGraph g = Dl4jTestNets.resnet18(Dl4jTestNets.WIDTH, 3, Dl4jTestNets.SIDE, Dl4jTestNets.SIDE, 10, 7,
                new TrialUpdater(plan), Dl4jOptions.DEFAULT);
        g.setListeners(DataParallel.listener(plan));
        return g;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void dl4jFitTakesTheSessionsSteps(Case c) {
        TrialSpec spec = spec(c);
        DataParallelPlan plan = plan(spec);
        LrController lr = new LrController(spec);
        try (Dl4jSession session = new Dl4jSession(spec, Dl4jTestNets.resnet18(Dl4jTestNets.WIDTH, 3, Dl4jTestNets.SIDE,
                Dl4jTestNets.SIDE, 10, 7))) {
            ComputationGraph g = dl4jTrained(plan);
            assertEquals(session.graph().params(), g.params(), "the same initial network");
            INDArray start = g.params().dup();
            for (int s = 0; s < EPOCHS * STEPS_PER_EPOCH; s++) {
                session.trainBatch(Dl4jTestNets.batch(s), lr.plan(s / STEPS_PER_EPOCH, s % STEPS_PER_EPOCH));
                g.fit(DataParallel.dataSet(Dl4jTestNets.batch(s), 10));
                double moved = session.graph().params().sub(start).norm2Number().doubleValue();
                double apart = session.graph().params().sub(g.params()).norm2Number().doubleValue();
                assertTrue(apart < 1e-4 * moved, c + ", step " + s + ": " + apart + " apart after moving " + moved);
            }
            g.clear();
        }
    }

    /** The updater and its state survive DL4J's JSON configuration and model files, as Spark ships them. */
    @Test
    void aSavedNetworkContinuesTheSameSteps() throws Exception {
        Case c = cases().get(2);
        DataParallelPlan plan = plan(spec(c));
        ComputationGraph straight = dl4jTrained(plan);
        for (int s = 0; s < 3; s++) {
            straight.fit(DataParallel.dataSet(Dl4jTestNets.batch(s), 10));
        }
        ComputationGraphConfiguration conf = ComputationGraphConfiguration.fromJson(straight.getConfiguration().toJson());
        assertEquals(straight.getConfiguration(), conf);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        ModelSerializer.writeModel(straight, file, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(file.toByteArray()), true);
        restored.setListeners(DataParallel.listener(plan));
        assertEquals(straight.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray());
        for (int s = 3; s < 6; s++) {
            straight.fit(DataParallel.dataSet(Dl4jTestNets.batch(s), 10));
            restored.fit(DataParallel.dataSet(Dl4jTestNets.batch(s), 10));
        }
        assertEquals(straight.params(), restored.params());
    }

    @Test
    void thePlateauScheduleIsRefused() {
        ScheduleSpec plateau = ScheduleSpec.of("plateau", Unit.EPOCH, Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DataParallelPlan(
                OptimizerSpecs.create("adam", 0.01, Map.of(), WeightDecay.none(WeightDecayMode.L2)), plateau, Clipping.NONE, 1, 1, 1, 1));
        assertTrue(e.getMessage().contains("plateau"), e.getMessage());
    }
}
