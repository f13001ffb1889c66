package io.sparkhpo.executors.optim;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkhpo.executors.GoldenLoss;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SAM and ASAM over SGD with momentum and Adam, in every weight-decay convention, replayed against the PyTorch
 * transcription of the papers (tools/golden/optimizers.py): the gradient at θ, {@link Sam#perturbation}, the gradient
 * at θ + ε, θ restored, then the base {@link Optimizer} (float64, within 1e-6) or {@link FloatOptimizer} (float32,
 * within 1e-4) with the second gradient.
 */
class SamGoldenTest {

    static List<JsonNode> cases() {
        List<JsonNode> out = new ArrayList<>();
        GoldenLoss.FIXTURE.get("cases").forEach(c -> {
            if (c.has("sam")) {
                out.add(c);
            }
        });
        return out;
    }

    @TestFactory
    List<DynamicTest> trajectoriesMatchPyTorch() {
        return cases().stream().map(c -> DynamicTest.dynamicTest("sam " + c.get("sam") + " " + OptimizerGoldenTest.describe(c),
                () -> replay(c))).toList();
    }

    static double replay(JsonNode c) {
        OptimizerSpec spec = OptimizerGoldenTest.spec(c);
        double rho = c.get("sam").get("rho").asDouble();
        boolean adaptive = c.get("sam").get("adaptive").asBoolean();
        assertEquals(Sam.ASAM_ETA, c.get("sam").get("eta").asDouble(), "the fixture's η is ours");
        boolean f64 = c.get("dtype").asText().equals("float64");
        double tol = f64 ? 1e-6 : 1e-4;
        double lambda = c.get("weight_decay").asDouble();
        JsonNode traj = c.get("trajectory");
        String what = "sam " + c.get("sam") + " " + OptimizerGoldenTest.describe(c);
        double worst = 0;
        int n = OptimizerGoldenTest.THETA0.length;
        if (f64) {
            Optimizer opt = new Optimizer(spec, n);
            double[] theta = OptimizerGoldenTest.THETA0.clone();
            double[] eps = new double[n];
            for (int t = 1; t <= traj.size(); t++) {
                Sam.perturbation(theta, GoldenLoss.gradient(theta, t), rho, adaptive, eps);
                double[] moved = theta.clone();
                for (int i = 0; i < n; i++) {
                    moved[i] += eps[i];
                }
                opt.step(theta, GoldenLoss.gradient(moved, t), StepPlan.constant(spec.lr(), lambda));
                worst = Math.max(worst, OptimizerGoldenTest.compare(theta, traj.get(t - 1), tol, what + " step " + t));
            }
        } else {
            FloatOptimizer opt = new FloatOptimizer(spec, n);
            float[] theta = new float[n];
            for (int i = 0; i < n; i++) {
                theta[i] = (float) OptimizerGoldenTest.THETA0[i];
            }
            float[] eps = new float[n];
            for (int t = 1; t <= traj.size(); t++) {
                Sam.perturbation(theta, GoldenLoss.gradient(theta, t), (float) rho, adaptive, eps);
                float[] moved = theta.clone();
                for (int i = 0; i < n; i++) {
                    moved[i] += eps[i];
                }
                opt.step(theta, GoldenLoss.gradient(moved, t), StepPlan.constant(spec.lr(), lambda));
                double[] th = new double[n];
                for (int i = 0; i < n; i++) {
                    th[i] = theta[i];
                }
                worst = Math.max(worst, OptimizerGoldenTest.compare(th, traj.get(t - 1), tol, what + " step " + t));
            }
        }
        assertTrue(worst <= tol, what + ": worst relative error " + worst);
        return worst;
    }

    /** Both bases, SAM and ASAM, every decay mode, both precisions, 30 steps at least; the worst errors printed. */
    @Test
    void fixtureCoversSamAndAsamOverEachBaseAndMode() {
        List<JsonNode> cases = cases();
        assertEquals(2 * 2 * 3 * 2, cases.size());
        double[] worst = new double[2];
        for (JsonNode c : cases) {
            assertTrue(c.get("trajectory").size() >= 30);
            int k = c.get("dtype").asText().equals("float64") ? 0 : 1;
            worst[k] = Math.max(worst[k], replay(c));
        }
        System.out.printf("SAM/ASAM replay: worst relative error %.3g in float64, %.3g in float32%n", worst[0], worst[1]);
    }
}
