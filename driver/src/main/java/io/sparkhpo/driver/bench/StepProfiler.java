package io.sparkhpo.driver.bench;

import io.sparkhpo.executors.data.Batches;
import io.sparkhpo.executors.data.DataSpec;
import io.sparkhpo.executors.data.Dataset;
import io.sparkhpo.executors.data.Normalization;
import io.sparkhpo.executors.model.ModelSpec;
import io.sparkhpo.executors.optim.OptimizerSpec;
import io.sparkhpo.executors.optim.StepPlan;
import io.sparkhpo.executors.train.Engines;
import io.sparkhpo.executors.train.Snapshot;
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

    /**
     * A segment's fixed costs, in seconds, and the checkpoint's size: opening a session; the snapshot (copies where
     * the arrays live) taken on the training's path; converting and writing it (the writer's thread); reading it
     * back into a session.
     */
    record FixedCosts(String engine, double open, double snapshot, double write, double restore, long bytes) {

        /** On the critical path between two segments of a trial that stays in the executor: the snapshot. */
        double cached() {
            return snapshot;
        }

        /**
         * On the critical path between two segments without a live session: the checkpoint must be complete before
         * the session closes, then a new session opens and reads it back.
         */
        double restored() {
            return snapshot + write + open + restore;
        }
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

    /**
     * Calls into the engine of one update of the width-64 network ({@code Traffic.calls}): with the CPU's cache-sized
     * chunks, or tensor by tensor as on a GPU ({@code Chunk.PER_TENSOR}; libtorch only, ND4J never cuts).
     */
    static long callsPerUpdate(String engine, OptimizerSpec optimizer, boolean perTensor) {
        String was = System.getProperty(io.sparkhpo.executors.optim.Chunk.PER_TENSOR);
        System.setProperty(io.sparkhpo.executors.optim.Chunk.PER_TENSOR, Boolean.toString(perTensor));
        try (TrainingSession s = Engines.get(engine).open(spec(engine, 64, 1, optimizer), data(1))) {
            StepPlan plan = StepPlan.constant(optimizer.lr(), optimizer.weightDecay().value());
            s.updateOnly(plan);
            long before = s.traffic().calls();
            s.updateOnly(plan);
            return s.traffic().calls() - before;
        } finally {
            if (was == null) {
                System.clearProperty(io.sparkhpo.executors.optim.Chunk.PER_TENSOR);
            } else {
                System.setProperty(io.sparkhpo.executors.optim.Chunk.PER_TENSOR, was);
            }
        }
    }

    /** Opening a width-64 session, and snapshotting, writing and restoring its checkpoint after one step (medians of 3). */
    static FixedCosts fixedCosts(String engine, int threads) throws IOException {
        TrainingEngine e = Engines.get(engine);
        e.setIntraOpThreads(threads);
        Dataset data = data(8);
        TrialSpec spec = spec(engine, 64, 8, Benchmark.ADAMW);
        long t0 = System.nanoTime();
        try (TrainingSession s = e.open(spec, data)) {
            double open = (System.nanoTime() - t0) / 1e9;
            s.trainBatch(Batches.evaluation(data, 8, Normalization.of(data)).get(0, 0), StepPlan.constant(1e-3, 1e-2));
            double[][] t = new double[3][3];
            long bytes = 0;
            for (int i = 0; i < 3; i++) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                long a = System.nanoTime();
                try (Snapshot snapshot = s.snapshot()) {
                    long b = System.nanoTime();
                    snapshot.writeTo(out);
                    long c = System.nanoTime();
                    s.restore(new ByteArrayInputStream(out.toByteArray()));
                    long d = System.nanoTime();
                    t[0][i] = (b - a) / 1e9;
                    t[1][i] = (c - b) / 1e9;
                    t[2][i] = (d - c) / 1e9;
                }
                bytes = out.size();
            }
            return new FixedCosts(engine, open, median(t[0]), median(t[1]), median(t[2]), bytes);
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
