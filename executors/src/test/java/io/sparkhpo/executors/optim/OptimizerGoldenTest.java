package io.sparkhpo.executors.optim;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkhpo.executors.Golden;
import io.sparkhpo.executors.GoldenLoss;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every optimizer x weight-decay mode x setting replayed against PyTorch 1.13's trajectories
 * (tools/golden/optimizers.py): within 1e-6 relative in float64 ({@link Optimizer}) and 1e-4 in float32
 * ({@link FloatOptimizer}), relative to max(|θ|, 1e-2) for elements passing near zero.
 */
class OptimizerGoldenTest {

    static final JsonNode FIXTURE = GoldenLoss.FIXTURE;
    static final double[] THETA0 = GoldenLoss.THETA0;
    static final double FLOOR = 1e-2;

    static OptimizerSpec spec(JsonNode c) {
        Map<String, Object> params = new HashMap<>(Golden.map(c.get("params")));
        double lr = (Double) params.remove("lr");
        WeightDecay wd = WeightDecay.of(c.get("weight_decay").asDouble(),
                WeightDecayMode.fromConfig(c.get("weight_decay_mode").asText()));
        return OptimizerSpecs.create(c.get("optimizer").asText(), lr, params, wd);
    }

    static String describe(JsonNode c) {
        return c.get("optimizer").asText() + " " + c.get("params") + " " + c.get("weight_decay_mode").asText() + " "
                + c.get("dtype").asText();
    }

    @TestFactory
    List<DynamicTest> trajectoriesMatchPyTorch() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : FIXTURE.get("cases")) {
            if (c.has("schedule") || c.has("sam")) {
                continue; // replayed with their schedules in ScheduledOptimizerGoldenTest, SAM's in SamGoldenTest
            }
            tests.add(DynamicTest.dynamicTest(describe(c), () -> replay(c)));
        }
        return tests;
    }

    static void replay(JsonNode c) {
        OptimizerSpec spec = spec(c);
        boolean f64 = c.get("dtype").asText().equals("float64");
        double tol = f64 ? 1e-6 : 1e-4;
        double lambda = c.get("weight_decay").asDouble();
        JsonNode traj = c.get("trajectory");
        double worst = 0;
        if (f64) {
            Optimizer opt = new Optimizer(spec, THETA0.length);
            double[] theta = THETA0.clone();
            for (int t = 1; t <= traj.size(); t++) {
                opt.step(theta, GoldenLoss.gradient(theta, t), StepPlan.constant(spec.lr(), lambda));
                worst = Math.max(worst, compare(theta, traj.get(t - 1), tol, describe(c) + " step " + t));
            }
        } else {
            FloatOptimizer opt = new FloatOptimizer(spec, THETA0.length);
            float[] theta = new float[THETA0.length];
            for (int i = 0; i < theta.length; i++) {
                theta[i] = (float) THETA0[i];
            }
            for (int t = 1; t <= traj.size(); t++) {
                opt.step(theta, GoldenLoss.gradient(theta, t), StepPlan.constant(spec.lr(), lambda));
                double[] th = new double[theta.length];
                for (int i = 0; i < th.length; i++) {
                    th[i] = theta[i];
                }
                worst = Math.max(worst, compare(th, traj.get(t - 1), tol, describe(c) + " step " + t));
            }
        }
        assertTrue(worst <= tol, describe(c) + ": worst relative error " + worst);
    }

    static double compare(double[] actual, JsonNode expected, double tol, String where) {
        double worst = 0;
        for (int i = 0; i < actual.length; i++) {
            double err = Golden.relativeError(actual[i], expected.get(i).asDouble(), FLOOR);
            assertTrue(err <= tol, where + " element " + i + ": " + actual[i] + " vs torch " + expected.get(i).asDouble()
                    + " (relative error " + err + ")");
            worst = Math.max(worst, err);
        }
        return worst;
    }

    /** The fixture covers every rule with every decay mode, at least two settings each, and >= 30 steps. */
    @Test
    void fixtureCoversEveryOptimizerAndMode() {
        Map<String, Set<String>> settings = new HashMap<>();
        for (JsonNode c : FIXTURE.get("cases")) {
            if (c.has("schedule") || c.has("sam")) {
                continue;
            }
            assertTrue(c.get("trajectory").size() >= 30);
            String key = c.get("optimizer").asText() + "/" + c.get("weight_decay_mode").asText() + "/" + c.get("dtype").asText();
            settings.computeIfAbsent(key, k -> new TreeSet<>()).add(c.get("params").toString());
        }
        for (String rule : OptimizerSpecs.RULES) {
            for (String mode : WeightDecayMode.configNames()) {
                for (String dtype : List.of("float64", "float32")) {
                    Set<String> s = settings.getOrDefault(rule + "/" + mode + "/" + dtype, Set.of());
                    assertTrue(s.size() >= 2, rule + "/" + mode + "/" + dtype + " has " + s.size() + " settings");
                }
            }
        }
        assertTrue(FIXTURE.get("torch").asText().startsWith("1.13"), "fixtures record the torch version");
        assertEquals(8, OptimizerSpecs.RULES.size());
    }
}
