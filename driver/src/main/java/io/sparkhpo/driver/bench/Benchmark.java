package io.sparkhpo.driver.bench;

import io.sparkhpo.executors.data.Batch;
import io.sparkhpo.executors.data.Batches;
import io.sparkhpo.executors.data.DataSpec;
import io.sparkhpo.executors.data.Dataset;
import io.sparkhpo.executors.data.Normalization;
import io.sparkhpo.executors.model.ModelSpec;
import io.sparkhpo.executors.optim.OptimizerSpec;
import io.sparkhpo.executors.optim.OptimizerSpecs;
import io.sparkhpo.executors.optim.StepPlan;
import io.sparkhpo.executors.optim.WeightDecay;
import io.sparkhpo.executors.optim.WeightDecayMode;
import io.sparkhpo.executors.train.Engines;
import io.sparkhpo.executors.train.TrainingEngine;
import io.sparkhpo.executors.train.TrainingSession;
import io.sparkhpo.executors.train.TrialSpec;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures each engine on each configuration: a training step is forward, backward and an AdamW step on one
 * prepared batch of random 3x32x32 images (so the input pipeline is not part of it; it costs ~2 ms per 128
 * images); inference is a forward pass in evaluation mode. Each measurement runs two warm-up steps, then steps for
 * at least {@code seconds} (and at least two). DL4J "variants" run DL4J with its tuning settings switched off one
 * at a time, to show what each bought. An engine label with the suffix {@link #SAM_SUFFIX} ({@code djl sam}) steps
 * with {@link #SAM_ADAMW} instead: two forward-backward passes a step, compared with PyTorch doing the same.
 */
public final class Benchmark {

    /** A network width and batch size. */
    public record Config(int width, int batch) {
        @Override
        public String toString() {
            return "w" + width + " b" + batch;
        }
    }

    /** One engine's throughput on one configuration; {@code problem} is set instead when it could not run. */
    public record Measurement(String engine, Config config, double trainImgS, double inferImgS, String problem) {
        static Measurement failed(String engine, Config config, String problem) {
            return new Measurement(engine, config, Double.NaN, Double.NaN, problem);
        }

        /** The same measurement under another label. */
        Measurement named(String label) {
            return new Measurement(label, config, trainImgS, inferImgS, problem);
        }
    }

    /** The optimizer every measurement steps with: AdamW, lr 1e-3, λ 1e-2 (torch.optim.AdamW's convention). */
    static final OptimizerSpec ADAMW = OptimizerSpecs.create("adam", 1e-3, java.util.Map.of(), WeightDecay.of(1e-2, WeightDecayMode.DECOUPLED_LR));

    /** SAM around {@link #ADAMW}, ρ = 0.05: what {@code bench --sam} measures. */
    static final OptimizerSpec SAM_ADAMW = new io.sparkhpo.executors.optim.SamSpec(ADAMW, 0.05, false);

    /** The label suffix of a measurement that steps with {@link #SAM_ADAMW}. */
    public static final String SAM_SUFFIX = " sam";

    /** DL4J settings to compare: label to sparkhpo.dl4j.* system properties. */
    public static final Map<String, Map<String, String>> DL4J_VARIANTS = new LinkedHashMap<>();

    static {
        DL4J_VARIANTS.put("dl4j untuned", Map.of("sparkhpo.dl4j.format", "NCHW", "sparkhpo.dl4j.cache", "NONE"));
        DL4J_VARIANTS.put("dl4j +cache", Map.of("sparkhpo.dl4j.format", "NCHW", "sparkhpo.dl4j.cache", "DEVICE"));
        DL4J_VARIANTS.put("dl4j +nhwc", Map.of("sparkhpo.dl4j.format", "NHWC", "sparkhpo.dl4j.cache", "NONE"));
    }

    private Benchmark() {
    }

    /** Measures one of our engines (a name of {@link Engines}, or a DL4J variant label). */
    public static Measurement ours(String label, Config c, int threads, double seconds) {
        boolean sam = label.endsWith(SAM_SUFFIX);
        String named = withoutSam(label);
        Map<String, String> props = DL4J_VARIANTS.getOrDefault(named, Map.of());
        String engineName = props.isEmpty() ? named : "dl4j";
        Map<String, String> saved = new LinkedHashMap<>();
        props.forEach((k, v) -> saved.put(k, System.setProperty(k, v)));
        try {
            TrainingEngine engine = Engines.get(engineName);
            engine.setIntraOpThreads(threads);
            Dataset data = io.sparkhpo.executors.data.DataSets.random("cifar10", c.batch(), 1);
            Normalization norm = Normalization.of(data);
            Batch batch = Batches.evaluation(data, c.batch(), norm).get(0, 0);
            Batches eval = Batches.evaluation(data, c.batch(), norm);
            TrialSpec spec = TrialSpec.basic("bench", 0, engineName, new DataSpec("cifar10", "/", c.batch(), c.batch(), 0,
                    false, true), ModelSpec.resnet18(c.width()),
                    sam ? SAM_ADAMW : ADAMW, 1, c.batch(), 1);
            try (TrainingSession s = engine.open(spec, data)) {
                StepPlan plan = StepPlan.constant(1e-3, 1e-2);
                double train = timed(() -> s.trainBatch(batch, plan), c.batch(), seconds);
                double infer = timed(() -> s.evaluate(eval), c.batch(), seconds);
                return new Measurement(label, c, train, infer, null);
            }
        } catch (OutOfMemoryError e) {
            return Measurement.failed(label, c, "out of memory (raise SPARKHPO_HEAP / SPARKHPO_OFFHEAP): " + e.getMessage());
        } catch (RuntimeException e) {
            return Measurement.failed(label, c, e.toString());
        } finally {
            saved.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }

    static double timed(Runnable step, int batch, double seconds) {
        step.run();
        step.run();
        long start = System.nanoTime();
        int n = 0;
        while (n < 2 || (System.nanoTime() - start) / 1e9 < seconds) {
            step.run();
            n++;
        }
        return n * batch / ((System.nanoTime() - start) / 1e9);
    }

    /** The table: one line per configuration and engine, with ratios against PyTorch of the same configuration. */
    public static String table(List<Measurement> ms) {
        StringBuilder sb = new StringBuilder();
        boolean matched = ms.stream().anyMatch(m -> m.engine().startsWith(PyTorchRunner.NAME + " ("));
        String fmt = matched ? "%-9s  %-13s  %12s  %11s  %12s  %11s  %14s%n" : "%-9s  %-13s  %12s  %11s  %12s  %11s%s%n";
        sb.append(String.format(fmt, "config", "engine", "train img/s", "vs PyTorch", "infer img/s", "vs PyTorch",
                matched ? "vs same setup" : ""));
        List<Config> configs = new ArrayList<>();
        ms.forEach(m -> {
            if (!configs.contains(m.config())) {
                configs.add(m.config());
            }
        });
        for (Config c : configs) {
            for (Measurement m : ms) {
                if (!m.config().equals(c)) {
                    continue;
                }
                Measurement torch = find(ms, c, m.engine().endsWith(SAM_SUFFIX) ? PyTorchRunner.NAME + SAM_SUFFIX
                        : PyTorchRunner.NAME);
                if (m.problem() != null) {
                    sb.append(String.format("%-9s  %-13s  %s%n", c, m.engine(), m.problem()));
                    continue;
                }
                Measurement same = find(ms, c, matchedName(withoutSam(m.engine())));
                String sameRatio = !matched ? "" : same == null || m.engine().endsWith(SAM_SUFFIX) ? "-"
                        : ratio(m.trainImgS(), same.trainImgS()) + " / " + ratio(m.inferImgS(), same.inferImgS());
                sb.append(String.format(fmt, c, m.engine(), String.format("%.1f", m.trainImgS()),
                        ratio(m.trainImgS(), torch == null ? Double.NaN : torch.trainImgS()),
                        String.format("%.1f", m.inferImgS()), ratio(m.inferImgS(), torch == null ? Double.NaN : torch.inferImgS()),
                        sameRatio));
            }
        }
        return sb.toString();
    }

    /**
     * The label of PyTorch measured under {@code engine}'s process-wide settings (its oneDNN choice, glibc's allocator
     * settings): the table's "vs same setup" column, train / inference.
     */
    static String matchedName(String engine) {
        return PyTorchRunner.NAME + " (" + engine + ")";
    }

    /** The label without {@link #SAM_SUFFIX}: the engine (or variant) it measures. */
    static String withoutSam(String label) {
        return label.endsWith(SAM_SUFFIX) ? label.substring(0, label.length() - SAM_SUFFIX.length()) : label;
    }

    private static Measurement find(List<Measurement> ms, Config c, String engine) {
        return ms.stream().filter(m -> m.config().equals(c) && m.engine().equals(engine) && m.problem() == null)
                .findFirst().orElse(null);
    }

    /**
     * What SAM costs: for each configuration and each engine (PyTorch included) measured both ways, an AdamW step's
     * training throughput over a SAM(AdamW) step's, i.e. how many AdamW steps' time one SAM step takes. Empty when
     * nothing was measured both ways.
     */
    public static String samCost(List<Measurement> ms) {
        StringBuilder sb = new StringBuilder();
        for (Measurement m : ms) {
            if (m.problem() != null || !m.engine().endsWith(SAM_SUFFIX)) {
                continue;
            }
            String plain = withoutSam(m.engine());
            Measurement base = find(ms, m.config(), plain);
            if (base != null) {
                sb.append(String.format("%-9s  %-13s  a SAM(AdamW) step takes %.2fx an AdamW step (%.1f against %.1f "
                        + "img/s)%n", m.config(), plain, base.trainImgS() / m.trainImgS(), m.trainImgS(), base.trainImgS()));
            }
        }
        return sb.isEmpty() ? "" : "SAM's cost (two forward-backward passes a step), engine by engine in this run:\n" + sb;
    }

    private static String ratio(double a, double b) {
        return Double.isNaN(b) ? "-" : String.format("%.2fx", a / b);
    }

    /** Progress line for stderr. */
    static void report(PrintStream err, Measurement m) {
        if (m.problem() != null) {
            err.printf("sparkhpo: bench %s %s: %s%n", m.config(), m.engine(), m.problem());
        } else {
            err.printf("sparkhpo: bench %s %s: train %.1f img/s, inference %.1f img/s%n", m.config(), m.engine(),
                    m.trainImgS(), m.inferImgS());
        }
        err.flush();
    }
}
