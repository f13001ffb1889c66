package io.sparkhpo.executors.optim;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkhpo.executors.GoldenLoss;
import org.junit.jupiter.api.DynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The float32 golden cases replayed on an engine's own vectors: a {@link DeviceOptimizer} over {@link DeviceVectors}
 * steps the golden problem's parameters in the engine (the gradient, computed on the heap, is copied in each step),
 * and every step's parameters must match PyTorch's float32 trajectory within 1e-4 relative (the floor of
 * {@link OptimizerGoldenTest}). The problem is cut into chunks of 7 elements so that the chunked path runs. The SAM
 * and ASAM cases run through {@link DeviceSam} as well: ascent, the gradient at θ + ε, restore, step.
 */
public final class DeviceGolden {

    private DeviceGolden() {
    }

    /**
     * @param zeros the engine's flat float32 vector of n zeros
     */
    public static <V> List<DynamicTest> tests(String engine, DeviceVectors<V> ops, IntFunction<V> zeros) {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : GoldenLoss.FIXTURE.get("cases")) {
            if (!c.has("schedule") && !c.has("sam") && c.get("dtype").asText().equals("float32")) {
                tests.add(DynamicTest.dynamicTest(engine + " " + OptimizerGoldenTest.describe(c),
                        () -> replay(c, ops, zeros)));
            }
        }
        assertTrue(tests.size() >= 48, "golden float32 cases: " + tests.size());
        return tests;
    }

    /** The float32 SAM and ASAM cases, through {@link DeviceSam} and {@link DeviceOptimizer} on the engine's vectors. */
    public static <V> List<DynamicTest> samTests(String engine, DeviceVectors<V> ops, IntFunction<V> zeros) {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : SamGoldenTest.cases()) {
            if (c.get("dtype").asText().equals("float32")) {
                tests.add(DynamicTest.dynamicTest(engine + " sam " + c.get("sam") + " " + OptimizerGoldenTest.describe(c),
                        () -> replay(c, ops, zeros)));
            }
        }
        assertTrue(tests.size() >= 12, "golden float32 SAM cases: " + tests.size());
        tests.add(DynamicTest.dynamicTest(engine + " sam: the worst of all cases", () -> {
            double worst = 0;
            for (JsonNode c : SamGoldenTest.cases()) {
                if (c.get("dtype").asText().equals("float32")) {
                    worst = Math.max(worst, replay(c, ops, zeros));
                }
            }
            System.out.printf("SAM/ASAM on %s vectors: worst relative error %.3g in float32%n", engine, worst);
        }));
        return tests;
    }

    static <V> double replay(JsonNode c, DeviceVectors<V> ops, IntFunction<V> zeros) {
        OptimizerSpec spec = OptimizerGoldenTest.spec(c);
        double lambda = c.get("weight_decay").asDouble();
        int n = GoldenLoss.THETA0.length;
        float[] theta = new float[n];
        for (int i = 0; i < n; i++) {
            theta[i] = (float) GoldenLoss.THETA0[i];
        }
        V th = zeros.apply(n);
        V g = zeros.apply(n);
        ops.fromHost(th, theta, 0);
        UpdateRule rule = spec.rule();
        List<V> thetas = new ArrayList<>();
        List<V> grads = new ArrayList<>();
        for (int from = 0; from < n; from += 7) {
            thetas.add(ops.slice(th, from, Math.min(n, from + 7)));
            grads.add(ops.slice(g, from, Math.min(n, from + 7)));
        }
        List<V> filled = new ArrayList<>();
        for (int k = 0; k < rule.stateArrays(); k++) {
            float[] init = new float[n];
            java.util.Arrays.fill(init, (float) rule.initialState(k));
            V s = zeros.apply(n);
            ops.fromHost(s, init, 0);
            filled.add(s);
        }
        @SuppressWarnings("unchecked")
        V[] state = (V[]) filled.toArray();
        List<Chunk<V>> chunks = Chunk.cut(ops, thetas, grads, state, zeros.apply(7), zeros.apply(7));
        DeviceOptimizer<V> opt = new DeviceOptimizer<>(spec, ops, chunks);
        java.util.Optional<DeviceSam<V>> sam = c.has("sam") ? DeviceSam.of(new SamSpec(spec,
                c.get("sam").get("rho").asDouble(), c.get("sam").get("adaptive").asBoolean()), ops, chunks,
                () -> zeros.apply(n), List.of(), v -> v) : java.util.Optional.empty();
        JsonNode traj = c.get("trajectory");
        double worst = 0;
        for (int t = 1; t <= traj.size(); t++) {
            ops.fromHost(g, GoldenLoss.gradient(theta, t), 0);
            if (sam.isPresent()) {
                sam.get().ascend();
                ops.fromHost(g, GoldenLoss.gradient(ops.toHost(th), t), 0);
                sam.get().restore();
            }
            opt.step(StepPlan.constant(spec.lr(), lambda), Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
            theta = ops.toHost(th);
            double[] wide = new double[n];
            for (int i = 0; i < n; i++) {
                wide[i] = theta[i];
            }
            worst = Math.max(worst, OptimizerGoldenTest.compare(wide, traj.get(t - 1), 1e-4,
                    OptimizerGoldenTest.describe(c) + " step " + t));
        }
        assertTrue(worst <= 1e-4, OptimizerGoldenTest.describe(c) + ": worst relative error " + worst);
        return worst;
    }
}
