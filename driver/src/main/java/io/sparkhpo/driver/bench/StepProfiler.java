package io.sparkhpo.driver.bench;

import io.sparkhpo.executors.data.Batches;
import io.sparkhpo.executors.data.DataSpec;
import io.sparkhpo.executors.data.Dataset;
import io.sparkhpo.executors.data.Normalization;
import io.sparkhpo.executors.model.ModelSpec;
import io.sparkhpo.executors.optim.OptimizerSpec;
import io.sparkhpo.executors.optim.StepPlan;
import io.sparkhpo.executors.train.Engines;
import io.sparkhpo.executors.train.StepProfile;
import io.sparkhpo.executors.train.StepProfile.Phase;
import io.sparkhpo.executors.train.TrainingEngine;
import io.sparkhpo.executors.train.TrainingSession;
import io.sparkhpo.executors.train.TrialSpec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

/**
 * The measurements behind {@code bench --profile}: a training step split into its phases ({@link StepProfile}),
 * one optimizer update alone, and a segment's fixed costs (open a session, write and restore a checkpoint).
 */
final class StepProfiler {

    /** Mean seconds per step of each phase, over {@code steps} steps. */
    record Phases(String engine, Benchmark.Config config, Map<Phase, Double> seconds, int steps) {
        double total() {
            return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    /** A segment's fixed costs, in seconds, and the checkpoint's size. */
    record FixedCosts(String engine, double open, double write, double restore, long bytes) {
    }

    private StepProfiler() {
    }

    /** Random 3x32x32 images, enough for a few batches, so that batch building samples and augments as in a trial. */
    static Dataset data(int images) {
        Random rng = new Random(1);
        byte[] pixels = new byte[images * 3 * 32 * 32];
        rng.nextBytes(pixels);
        byte[] labels = new byte[images];
        for (int i = 0; i < images; i++) {
            labels[i] = (byte) rng.nextInt(10);
        }
        return new Dataset("bench", 3, 32, 32, 10, pixels, labels);
    }

    static TrialSpec spec(String engine, int width, int batch, OptimizerSpec optimizer) {
        return TrialSpec.basic("bench", 0, engine, new DataSpec("cifar10", "/", batch, batch, 0, true, true),
                ModelSpec.resnet18(width), optimizer, 1, batch, 1);
    }

    /** Two warm-up steps, then steps for at least {@code seconds} (and at least three), profiled. */
    static Phases phases(String engine, Benchmark.Config c, int threads, double seconds) {
        TrainingEngine e = Engines.get(engine);
        e.setIntraOpThreads(threads);
        Dataset data = data(c.batch() * 4);
        Batches batches = Batches.training(data, c.batch(), Normalization.of(data), true, 4, 1);
        StepPlan plan = StepPlan.constant(1e-3, 1e-2);
        try (TrainingSession s = e.open(spec(engine, c.width(), c.batch(), Benchmark.ADAMW), data)) {
            s.trainBatch(batches.get(0, 0), plan);
            s.trainBatch(batches.get(0, 1), plan);
            StepProfile p = new StepProfile();
            s.profile(p);
            long start = System.nanoTime();
            int n = 0;
            while (n < 3 || (System.nanoTime() - start) / 1e9 < seconds) {
                p.start();
                var b = batches.get(1 + n / batches.count(), n % batches.count());
                p.lap(Phase.BATCH);
                s.trainBatch(b, plan);
                p.lap(Phase.OTHER);
                n++;
            }
            s.profile(StepProfile.OFF);
            Map<Phase, Double> mean = new EnumMap<>(Phase.class);
            for (Phase ph : Phase.values()) {
                mean.put(ph, p.seconds(ph) / n);
            }
            return new Phases(engine, c, mean, n);
        }
    }

    /** The median seconds of one update alone, over {@code repeats} after one warm-up. */
    static double update(String engine, OptimizerSpec optimizer, int threads, int repeats) {
        TrainingEngine e = Engines.get(engine);
        e.setIntraOpThreads(threads);
        StepPlan plan = StepPlan.constant(optimizer.lr(), optimizer.weightDecay().value());
        try (TrainingSession s = e.open(spec(engine, 64, 1, optimizer), data(1))) {
            s.updateOnly(plan);
            double[] t = new double[repeats];
            for (int i = 0; i < repeats; i++) {
                long start = System.nanoTime();
                s.updateOnly(plan);
                t[i] = (System.nanoTime() - start) / 1e9;
            }
            return median(t);
        }
    }

    /** Opening a width-64 session, and writing and restoring its checkpoint after one step. */
    static FixedCosts fixedCosts(String engine, int threads) throws IOException {
        TrainingEngine e = Engines.get(engine);
        e.setIntraOpThreads(threads);
        Dataset data = data(8);
        TrialSpec spec = spec(engine, 64, 8, Benchmark.ADAMW);
        long t0 = System.nanoTime();
        try (TrainingSession s = e.open(spec, data)) {
            long t1 = System.nanoTime();
            s.trainBatch(Batches.evaluation(data, 8, Normalization.of(data)).get(0, 0), StepPlan.constant(1e-3, 1e-2));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long t2 = System.nanoTime();
            s.checkpoint(out);
            long t3 = System.nanoTime();
            s.restore(new ByteArrayInputStream(out.toByteArray()));
            long t4 = System.nanoTime();
            return new FixedCosts(engine, (t1 - t0) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9, out.size());
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
