package io.sparkhpo.executors.train;

import io.sparkhpo.executors.data.DataSpec;
import io.sparkhpo.executors.data.FashionMnist;
import io.sparkhpo.executors.model.ModelSpec;
import io.sparkhpo.executors.optim.StepPlan;
import io.sparkhpo.executors.optim.OptimizerSpecs;
import io.sparkhpo.executors.optim.WeightDecay;
import io.sparkhpo.executors.optim.WeightDecayMode;
import io.sparkhpo.executors.schedule.ScheduleSpec;
import io.sparkhpo.executors.schedule.Unit;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LrControllerTest {

    /** 1,000 training examples in batches of 100: 10 batches per epoch, 20 epochs. */
    static TrialSpec spec(ScheduleSpec schedule, WeightDecay wd) {
        return new TrialSpec("c", 0, "dl4j", new DataSpec(FashionMnist.NAME, "/", 1000, 100, 0, false, false),
                ModelSpec.resnet18(2), OptimizerSpecs.create("adam", 0.1, java.util.Map.of(), wd), schedule, Clipping.NONE, null, 20, 100, 0);
    }

    @Test
    void positionsCountEpochsIterationsOrFractionalEpochs() {
        WeightDecay none = WeightDecay.none(WeightDecayMode.L2);
        assertEquals(3, new LrController(spec(ScheduleSpec.of("step", Unit.EPOCH, Map.of("step_size", 1.0)), none))
                .position(3, 7));
        assertEquals(37, new LrController(spec(ScheduleSpec.of("step", Unit.ITERATION, Map.of("step_size", 1.0)), none))
                .position(3, 7));
        // PyTorch's documented SGDR loop steps to epoch + i/iters after iteration i: iteration 37 trains at 36/10
        LrController sgdr = new LrController(spec(ScheduleSpec.of("cosine_restarts", Unit.ITERATION, Map.of("t_0", 2.0)), none));
        assertEquals(3.6, sgdr.position(3, 7), 1e-12);
        assertEquals(0, sgdr.position(0, 0));
        assertEquals(0, sgdr.position(0, 1), "the first two iterations both at f(0)");
        assertEquals(1.9, sgdr.position(2, 0), 1e-12, "an epoch's first iteration: the previous epoch's last step");
    }

    /** λ = λ_norm·√(b/(B·T)) with T the whole run (20 epochs), or the current restart period under SGDR. */
    @Test
    void normalizedWeightDecayUsesTheRunOrTheRestartPeriod() {
        WeightDecay norm = new WeightDecay(0.05, WeightDecayMode.DECOUPLED, true);
        StepPlan plain = new LrController(spec(ScheduleSpec.CONSTANT, norm)).plan(0, 0);
        assertEquals(0.05 * Math.sqrt(100.0 / (1000 * 20)), plain.weightDecay(), 1e-15);
        LrController sgdr = new LrController(spec(ScheduleSpec.of("cosine_restarts", Unit.EPOCH,
                Map.of("t_0", 2.0, "t_mult", 2.0)), norm));
        assertEquals(0.05 * Math.sqrt(100.0 / (1000 * 2)), sgdr.plan(1, 0).weightDecay(), 1e-15);
        assertEquals(0.05 * Math.sqrt(100.0 / (1000 * 4)), sgdr.plan(2, 0).weightDecay(), 1e-15);
        assertEquals(0.05 * Math.sqrt(100.0 / (1000 * 8)), sgdr.plan(6, 3).weightDecay(), 1e-15);
    }

    @Test
    void planCarriesLrEtaAndMomentum() {
        LrController cos = new LrController(spec(ScheduleSpec.of("cosine", Unit.EPOCH, Map.of("t_max", 10.0)),
                WeightDecay.of(0.01, WeightDecayMode.DECOUPLED)));
        StepPlan p = cos.plan(5, 3);
        assertEquals(0.5, p.eta(), 1e-12);
        assertEquals(0.05, p.lr(), 1e-12);
        assertFalse(p.momentum().isPresent());
        LrController cycle = new LrController(spec(ScheduleSpec.of("one_cycle", Unit.ITERATION, Map.of()),
                WeightDecay.none(WeightDecayMode.L2)));
        assertEquals(0.95, cycle.plan(0, 0).momentum().getAsDouble(), 1e-12, "OneCycle starts at max momentum");
    }

    /** A plateau lowers the rate after `patience` epochs without improvement of the monitored metric. */
    @Test
    void plateauFollowsTheMonitoredMetric() {
        LrController c = new LrController(spec(ScheduleSpec.of("plateau", Unit.EPOCH,
                Map.of("patience", 1.0, "factor", 0.5, "monitor", "test_error")), WeightDecay.none(WeightDecayMode.L2)));
        double[] errors = {0.5, 0.4, 0.4, 0.4, 0.3};
        double[] lrs = new double[errors.length];
        for (int e = 0; e < errors.length; e++) {
            lrs[e] = c.plan(e, 0).lr();
            c.endEpoch(new EpochMetrics(e, lrs[e], 0, 1, 0.5, 9.9, errors[e], 0, 0, 1));
        }
        assertEquals(List.of(0.1, 0.1, 0.1, 0.1, 0.05), java.util.Arrays.stream(lrs).boxed().toList());
        double[] state = c.state();
        LrController restored = new LrController(spec(ScheduleSpec.of("plateau", Unit.EPOCH,
                Map.of("patience", 1.0, "factor", 0.5, "monitor", "test_error")), WeightDecay.none(WeightDecayMode.L2)));
        restored.restore(state);
        assertEquals(0.05, restored.plan(5, 0).lr(), 1e-12);
    }

    @Test
    void optimizersWithoutMomentumIgnoreMomentumCycling() {
        TrialSpec s = new TrialSpec("c", 0, "dl4j", new DataSpec(FashionMnist.NAME, "/", 1000, 100, 0, false, false),
                ModelSpec.resnet18(2), OptimizerSpecs.create("sgd", 0.1, java.util.Map.of(), WeightDecay.none(WeightDecayMode.L2)),
                ScheduleSpec.of("one_cycle", Unit.ITERATION, Map.of()), Clipping.NONE, null, 20, 100, 0);
        assertTrue(new LrController(s).plan(0, 5).momentum().isEmpty());
    }
}
