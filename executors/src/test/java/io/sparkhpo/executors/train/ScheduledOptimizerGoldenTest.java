package io.sparkhpo.executors.train;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkhpo.executors.Golden;
import io.sparkhpo.executors.GoldenLoss;
import io.sparkhpo.executors.data.DataSpec;
import io.sparkhpo.executors.data.FashionMnist;
import io.sparkhpo.executors.model.ModelSpec;
import io.sparkhpo.executors.optim.FloatOptimizer;
import io.sparkhpo.executors.optim.Optimizer;
import io.sparkhpo.executors.optim.OptimizerSpec;
import io.sparkhpo.executors.optim.OptimizerSpecs;
import io.sparkhpo.executors.optim.StepPlan;
import io.sparkhpo.executors.optim.WeightDecay;
import io.sparkhpo.executors.optim.WeightDecayMode;
import io.sparkhpo.executors.schedule.ScheduleSpec;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Optimizers under schedules, through {@link LrController}, against PyTorch 1.13 stepping its scheduler after
 * each optimizer step: the decoupled decay follows η_t (cosine: the AdamW paper's AdamWR without restarts; step
 * decay with SGDW), OneCycle cycles Adam's β1, CyclicLR cycles SGD's momentum.
 */
class ScheduledOptimizerGoldenTest {

    static final JsonNode FIXTURE = GoldenLoss.FIXTURE;

    @TestFactory
    List<DynamicTest> scheduledTrajectoriesMatchPyTorch() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : FIXTURE.get("cases")) {
            if (c.has("schedule")) {
                tests.add(DynamicTest.dynamicTest(c.get("optimizer").asText() + " " + c.get("weight_decay_mode").asText()
                        + " " + c.get("schedule") + " " + c.get("dtype").asText(), () -> replay(c)));
            }
        }
        assertTrue(tests.size() >= 8);
        return tests;
    }

    static void replay(JsonNode c) {
        Map<String, Object> params = new HashMap<>(Golden.map(c.get("params")));
        double lr = (Double) params.remove("lr");
        WeightDecay wd = WeightDecay.of(c.get("weight_decay").asDouble(),
                WeightDecayMode.fromConfig(c.get("weight_decay_mode").asText()));
        OptimizerSpec opt = OptimizerSpecs.create(c.get("optimizer").asText(), lr, params, wd);
        ScheduleSpec schedule = Golden.schedule(Golden.map(c.get("schedule")));
        JsonNode traj = c.get("trajectory");
        int steps = traj.size();
        // one example per batch and per epoch: the controller's position is the step index
        TrialSpec spec = new TrialSpec("golden", 0, "dl4j", new DataSpec(FashionMnist.NAME, "/", 1, 1, 0, false, false),
                ModelSpec.resnet18(1), opt, schedule, Clipping.NONE, null, steps, 1, 0);
        LrController controller = new LrController(spec);
        boolean f64 = c.get("dtype").asText().equals("float64");
        double tol = f64 ? 1e-6 : 1e-4;
        double[] theta = GoldenLoss.THETA0.clone();
        Optimizer o64 = new Optimizer(opt, theta.length);
        FloatOptimizer o32 = new FloatOptimizer(opt, theta.length);
        float[] theta32 = new float[theta.length];
        for (int i = 0; i < theta.length; i++) {
            theta32[i] = (float) theta[i];
        }
        for (int t = 1; t <= steps; t++) {
            StepPlan plan = controller.plan(t - 1, 0);
            if (f64) {
                o64.step(theta, GoldenLoss.gradient(theta, t), plan);
            } else {
                o32.step(theta32, GoldenLoss.gradient(theta32, t), plan);
                for (int i = 0; i < theta.length; i++) {
                    theta[i] = theta32[i];
                }
            }
            for (int i = 0; i < theta.length; i++) {
                double err = Golden.relativeError(theta[i], traj.get(t - 1).get(i).asDouble(), 1e-2);
                assertTrue(err <= tol, "step " + t + " element " + i + ": " + theta[i] + " vs torch "
                        + traj.get(t - 1).get(i).asDouble() + " (relative error " + err + ")");
            }
        }
    }
}
