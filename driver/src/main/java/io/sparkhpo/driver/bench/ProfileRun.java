package io.sparkhpo.driver.bench;

import io.sparkhpo.executors.optim.FloatOptimizer;
import io.sparkhpo.executors.optim.OptimizerSpec;
import io.sparkhpo.executors.optim.OptimizerSpecs;
import io.sparkhpo.executors.optim.StepPlan;
import io.sparkhpo.executors.optim.WeightDecay;
import io.sparkhpo.executors.optim.WeightDecayMode;
import io.sparkhpo.executors.train.StepProfile.Phase;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code bench --profile}: per engine and configuration, a training step split into its phases next to PyTorch's
 * whole step; one optimizer update of the width-64 ResNet-18's 11,173,962 parameters in each engine, in the Java
 * {@link FloatOptimizer} and in {@code torch.optim.AdamW} (single-tensor and foreach) on the same threads; and a
 * segment's fixed costs at width 64. Everything in one run, after the throughput table.
 */
public final class ProfileRun {

    /** The rules of the update-only rows, by label. */
    static final Map<String, OptimizerSpec> RULES = new LinkedHashMap<>();

    static {
        RULES.put("adamw", Benchmark.ADAMW);
        RULES.put("sgd-momentum", OptimizerSpecs.create("sgd", 0.1, Map.of("momentum", 0.9),
                WeightDecay.of(5e-4, WeightDecayMode.L2)));
        RULES.put("qhadam", OptimizerSpecs.create("qhadam", 1e-3, Map.of("nu1", 0.7, "beta1", 0.995),
                WeightDecay.of(1e-2, WeightDecayMode.DECOUPLED_LR)));
    }

    private static final int UPDATE_REPEATS = 15;
    private static final int JAVA_REPEATS = 5;

    private ProfileRun() {
    }

    /**
     * @param torchStep PyTorch's seconds per training step by configuration (from the throughput run), may be empty
     */
    public static String run(List<String> engines, List<Benchmark.Config> configs, int threads, double seconds,
                             Map<Benchmark.Config, Double> torchStep, String python, PrintStream err) {
        StringBuilder sb = new StringBuilder();
        sb.append(phaseTable(engines, configs, threads, seconds, torchStep, err));
        sb.append(updateTable(engines, threads, python, err));
        sb.append(fixedCostTable(engines, threads, err));
        return sb.toString();
    }

    private static String phaseTable(List<String> engines, List<Benchmark.Config> configs, int threads, double seconds,
                                     Map<Benchmark.Config, Double> torchStep, PrintStream err) {
        StringBuilder sb = new StringBuilder("\nstep profile (ms per training step, AdamW; mean over the steps of a "
                + seconds + " s run after two warm-up steps)\n");
        String fmt = "%-9s  %-6s  %6s  %7s  %8s  %9s  %7s  %6s  %8s  %9s%n";
        sb.append(String.format(fmt, "config", "engine", "batch", "to dev", "forward", "backward", "update", "other",
                "total", "PyTorch"));
        for (Benchmark.Config c : configs) {
            for (String e : engines) {
                try {
                    StepProfiler.Phases p = StepProfiler.phases(e, c, threads, seconds);
                    err.printf("sparkhpo: bench --profile %s %s: %.1f ms per step over %d steps%n", c, e, p.total() * 1e3,
                            p.steps());
                    Map<Phase, Double> s = p.seconds();
                    Double torch = torchStep.get(c);
                    sb.append(String.format(fmt, c, e, ms(s.get(Phase.BATCH)), ms(s.get(Phase.HOST_TO_DEVICE)),
                            ms(s.get(Phase.FORWARD)), ms(s.get(Phase.BACKWARD)), ms(s.get(Phase.UPDATE)),
                            ms(s.get(Phase.OTHER)), ms(p.total()), torch == null ? "-" : ms(torch)));
                } catch (RuntimeException | OutOfMemoryError ex) {
                    sb.append(String.format("%-9s  %-6s  %s%n", c, e, ex));
                }
            }
        }
        return sb.toString();
    }

    private static String updateTable(List<String> engines, int threads, String python, PrintStream err) {
        StringBuilder sb = new StringBuilder("\noptimizer update alone, 11,173,962 parameters (ResNet-18 at width 64), "
                + "ms, median of " + UPDATE_REPEATS + " (Java: " + JAVA_REPEATS + "); engines and torch on " + threads
                + " threads, Java on one\n");
        List<String> columns = new ArrayList<>(List.of("java"));
        columns.addAll(engines);
        double[] torch = torchUpdate(python, threads, err);
        StringBuilder head = new StringBuilder(String.format("%-13s", "rule"));
        columns.forEach(c -> head.append(String.format("  %10s", c)));
        head.append(String.format("  %12s  %13s%n", "torch single", "torch foreach"));
        sb.append(head);
        Map<String, Double> adamw = new LinkedHashMap<>();
        for (Map.Entry<String, OptimizerSpec> r : RULES.entrySet()) {
            StringBuilder row = new StringBuilder(String.format("%-13s", r.getKey()));
            for (String c : columns) {
                double s;
                try {
                    s = c.equals("java") ? javaUpdate(r.getValue()) : StepProfiler.update(c, r.getValue(), threads,
                            UPDATE_REPEATS);
                } catch (RuntimeException | OutOfMemoryError ex) {
                    err.println("sparkhpo: bench --profile: update " + r.getKey() + " " + c + ": " + ex);
                    s = Double.NaN;
                }
                err.printf("sparkhpo: bench --profile update %s %s: %.1f ms%n", r.getKey(), c, s * 1e3);
                if (r.getKey().equals("adamw")) {
                    adamw.put(c, s);
                }
                row.append(String.format("  %10s", ms(s)));
            }
            boolean isAdamw = r.getKey().equals("adamw");
            row.append(String.format("  %12s  %13s%n", isAdamw ? ms(torch[0]) : "-", isAdamw ? ms(torch[1]) : "-"));
            sb.append(row);
        }
        for (String e : engines) {
            try {
                long chunked = StepProfiler.callsPerUpdate(e, Benchmark.ADAMW, false);
                long perTensor = StepProfiler.callsPerUpdate(e, Benchmark.ADAMW, true);
                sb.append(String.format("adamw %s: %d engine calls per update (%s), %d tensor by tensor (as on a GPU)%n",
                        e, chunked, e.equals("djl") ? "chunks of 2^19 elements" : "whole tensors", perTensor));
            } catch (RuntimeException | OutOfMemoryError ex) {
                err.println("sparkhpo: bench --profile: engine calls " + e + ": " + ex);
            }
        }
        double fastestTorch = Math.min(torch[0], torch[1]);
        for (String e : engines) {
            String torchRatio = Double.isNaN(fastestTorch) ? "no torch.optim.AdamW reference (PyTorch did not run)"
                    : String.format("%.2fx the faster torch.optim.AdamW", adamw.get(e) / fastestTorch);
            sb.append(String.format("adamw %s: %.2fx faster than java, %s%n", e, adamw.get("java") / adamw.get(e), torchRatio));
        }
        return sb.toString();
    }

    private static String fixedCostTable(List<String> engines, int threads, PrintStream err) {
        StringBuilder sb = new StringBuilder("\nsegment fixed costs at width 64 (ms, medians of 3; checkpoint bytes): the "
                + "snapshot is taken on the training's path, the write on the writer's thread\n");
        String fmt = "%-6s  %8s  %9s  %16s  %18s  %12s%n";
        sb.append(String.format(fmt, "engine", "open", "snapshot", "write checkpoint", "restore checkpoint", "bytes"));
        StringBuilder overhead = new StringBuilder();
        for (String e : engines) {
            try {
                StepProfiler.FixedCosts f = StepProfiler.fixedCosts(e, threads);
                err.printf("sparkhpo: bench --profile fixed costs %s: open %.0f ms%n", e, f.open() * 1e3);
                sb.append(String.format(fmt, e, ms(f.open()), ms(f.snapshot()), ms(f.write()), ms(f.restore()), f.bytes()));
                overhead.append(String.format("%s segment overhead: cached %.1f ms, restored %.1f ms per segment (%.1f%%)%n",
                        e, f.cached() * 1e3, f.restored() * 1e3, 100 * f.cached() / f.restored()));
            } catch (IOException | RuntimeException | OutOfMemoryError ex) {
                sb.append(String.format("%-6s  %s%n", e, ex));
            }
        }
        return sb.append(overhead).toString();
    }

    /** Median seconds of one {@link FloatOptimizer} step over 11,173,962 random parameters, on this thread. */
    static double javaUpdate(OptimizerSpec spec) {
        int n = 11_173_962;
        Random rng = new Random(2);
        float[] theta = new float[n];
        float[] grad = new float[n];
        for (int i = 0; i < n; i++) {
            theta[i] = (float) rng.nextGaussian();
            grad[i] = (float) rng.nextGaussian();
        }
        FloatOptimizer opt = new FloatOptimizer(spec, n);
        StepPlan plan = StepPlan.constant(spec.lr(), spec.weightDecay().value());
        opt.step(theta, grad, plan);
        double[] t = new double[JAVA_REPEATS];
        for (int i = 0; i < t.length; i++) {
            long start = System.nanoTime();
            opt.step(theta, grad, plan);
            t[i] = (System.nanoTime() - start) / 1e9;
        }
        return StepProfiler.median(t);
    }

    /** {single, foreach} seconds of torch.optim.AdamW, NaN where PyTorch cannot run. */
    private static double[] torchUpdate(String python, int threads, PrintStream err) {
        if (python == null) {
            return new double[]{Double.NaN, Double.NaN};
        }
        try {
            Map<String, Double> out = PyTorchRunner.create(python).optimizer(64, threads, UPDATE_REPEATS);
            err.printf("sparkhpo: bench --profile update adamw torch: single %.1f ms, foreach %.1f ms%n",
                    out.get("single_s") * 1e3, out.get("foreach_s") * 1e3);
            return new double[]{out.get("single_s"), out.get("foreach_s")};
        } catch (IOException e) {
            err.println("sparkhpo: bench --profile: no torch.optim.AdamW reference: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new double[]{Double.NaN, Double.NaN};
    }

    private static String ms(Double seconds) {
        return seconds == null || seconds.isNaN() ? "-" : String.format("%.1f", seconds * 1e3);
    }
}
