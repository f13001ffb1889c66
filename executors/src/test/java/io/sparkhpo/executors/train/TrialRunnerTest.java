package io.sparkhpo.executors.train;

import io.sparkhpo.executors.data.Cifar10;
import io.sparkhpo.executors.data.DataCache;
import io.sparkhpo.executors.data.DataSpec;
import io.sparkhpo.executors.data.TestData;
import io.sparkhpo.executors.model.ModelSpec;
import io.sparkhpo.executors.optim.WeightDecay;
import io.sparkhpo.executors.optim.OptimizerSpecs;
import io.sparkhpo.executors.optim.WeightDecayMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrialRunnerTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void data() throws IOException {
        TestData.writeCifar10(dir, 100, 200, 17);
    }

    /** These tests read checkpoints back: each segment in a fresh session, as on another executor (no live sessions). */
    @org.junit.jupiter.api.BeforeEach
    void noLiveSessions() {
        LiveSessions.jvm().configure(0, 0);
    }

    @org.junit.jupiter.api.AfterEach
    void liveSessionsAgain() {
        LiveSessions.jvm().reset();
    }

    static TrialSpec spec(double lr, String path, int epochs) {
        return spec(lr, path, epochs, 500, 200);
    }

    /** Fewer images where a test checks plumbing (equality, state across checkpoints), not learning. */
    static TrialSpec small(double lr, String path, int epochs) {
        return spec(lr, path, epochs, 128, 64);
    }

    static TrialSpec spec(double lr, String path, int epochs, int trainSize, int testSize) {
        return TrialSpec.basic("runner", 0, "dl4j", new DataSpec(Cifar10.NAME, path, trainSize, testSize, 1, true, true),
                ModelSpec.resnet18(4), OptimizerSpecs.create("adam", lr, java.util.Map.of(), WeightDecay.of(1e-4, WeightDecayMode.DECOUPLED_LR)),
                epochs, 32, 5);
    }

    /** A real trial on CIFAR-10-format files learns the (brightness-coded) classes well below chance. */
    @Test
    void completeTrialRecordsEveryEpoch() {
        TrialResult r = TrialRunner.run(spec(0.01, dir.toString(), 3), 2);
        assertEquals(RunState.COMPLETE, r.state(), r.message());
        assertEquals(3, r.epochs().size());
        for (int e = 0; e < 3; e++) {
            EpochMetrics m = r.epochs().get(e);
            assertEquals(e, m.epoch());
            assertEquals(0.01, m.lr());
            assertTrue(m.trainLoss() > 0 && Double.isFinite(m.trainLoss()));
            assertTrue(m.testError() >= 0 && m.testError() <= 1);
            assertTrue(m.seconds() > 0);
        }
        // chance is 0.9; with 200 test images its standard deviation is ~0.021, so 0.75 is ~7 sigma better
        assertTrue(r.bestTestError().getAsDouble() < 0.75, "best test error " + r.bestTestError());
        assertEquals(io.sparkhpo.executors.model.Architectures.resnet18(4, new io.sparkhpo.executors.model.Network.Shape(3, 32, 32), 10).parameters(), r.parameters());
    }

    /** SWA averages the last epochs and evaluates the average; a schedule moves the rate between epochs. */
    @Test
    void swaAndScheduleAreApplied() {
        TrialSpec base = small(0.01, dir.toString(), 3);
        TrialSpec s = new TrialSpec(base.study(), 0, base.engine(), base.data(), base.model(), base.optimizer(),
                io.sparkhpo.executors.schedule.ScheduleSpec.of("step", io.sparkhpo.executors.schedule.Unit.EPOCH,
                        java.util.Map.of("step_size", 1.0, "gamma", 0.5)),
                new Clipping(5.0, Double.POSITIVE_INFINITY), new SwaSpec(1), 3, 32, 5);
        TrialResult r = TrialRunner.run(s, 2);
        assertEquals(RunState.COMPLETE, r.state(), r.message());
        assertEquals(java.util.List.of(0.01, 0.005, 0.0025), r.epochs().stream().map(EpochMetrics::lr).toList());
        assertTrue(r.swaOption().isPresent());
        assertTrue(r.swa().errorRate() >= 0 && r.swa().errorRate() < 0.9, "swa error " + r.swa().errorRate());
        for (EpochMetrics m : r.epochs()) {
            assertTrue(m.gradNormMean() > 0 && m.gradNormMax() >= m.gradNormMean(), "grad norms logged");
        }
    }

    /** The libtorch engine through the same runner: it learns, and two trials in one JVM take turns safely. */
    @Test
    void djlEngineTrainsAndSharesTheJvm() throws Exception {
        TrialSpec base = spec(0.01, dir.toString(), 3);
        TrialSpec djl = new TrialSpec(base.study(), 0, "djl", base.data(), base.model(), base.optimizer(), base.schedule(),
                base.clipping(), new SwaSpec(2), 3, base.batchSize(), base.seed());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        java.util.concurrent.Future<TrialResult> a = pool.submit(() -> TrialRunner.run(djl, 1));
        java.util.concurrent.Future<TrialResult> b = pool.submit(() -> TrialRunner.run(djl, 1));
        TrialResult ra = a.get();
        TrialResult rb = b.get();
        pool.shutdown();
        for (TrialResult r : List.of(ra, rb)) {
            assertEquals(RunState.COMPLETE, r.state(), r.message());
            assertTrue(r.bestTestError().getAsDouble() < 0.75, "best test error " + r.bestTestError());
            assertTrue(r.swaOption().isPresent());
        }
        assertEquals(ra.epochs().get(2).testError(), rb.epochs().get(2).testError(), 1e-12,
                "the same spec gives the same result when two trials share the JVM");
    }

    /** An in-memory {@link CheckpointStore} that counts its writes. */
    static final class MemoryStore implements CheckpointStore {
        byte[] bytes;
        int writes;

        @Override
        public java.util.Optional<java.io.InputStream> read() {
            return java.util.Optional.ofNullable(bytes).map(java.io.ByteArrayInputStream::new);
        }

        @Override
        public void write(Body body) throws IOException {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            body.writeTo(out);
            bytes = out.toByteArray();
            writes++;
        }
    }

    /**
     * A trial cut into segments [0, 1), [1, 3), [3, 4) through checkpoints, each segment in a fresh session (as on
     * another executor), trains exactly what one uninterrupted run trains: the same metrics every epoch, with a
     * step schedule and SWA whose state crosses the checkpoints. Both engines.
     */
    @Test
    void segmentsThroughCheckpointsEqualOneRun() {
        for (String engine : List.of("dl4j", "djl")) {
            TrialSpec base = small(0.01, dir.toString(), 4);
            TrialSpec s = new TrialSpec(base.study(), 0, engine, base.data(), base.model(), base.optimizer(),
                    io.sparkhpo.executors.schedule.ScheduleSpec.of("step", io.sparkhpo.executors.schedule.Unit.EPOCH,
                            java.util.Map.of("step_size", 2.0, "gamma", 0.5)),
                    Clipping.NONE, new SwaSpec(1), 4, 32, 5);
            TrialResult whole = TrialRunner.run(s, 1);
            MemoryStore store = new MemoryStore();
            TrialResult a = TrialRunner.runSegment(s, 1, 0, 1, store);
            TrialResult b = TrialRunner.runSegment(s, 1, 1, 3, store);
            TrialResult c = TrialRunner.runSegment(s, 1, 3, 4, store);
            for (TrialResult r : List.of(whole, a, b, c)) {
                assertEquals(RunState.COMPLETE, r.state(), engine + ": " + r.message());
            }
            assertEquals(2, store.writes, "a checkpoint after each segment but the last");
            assertEquals(1, a.epochs().size());
            assertEquals(3, b.epochs().size(), "the result carries every epoch so far");
            assertEquals(4, c.epochs().size());
            for (int e = 0; e < 4; e++) {
                EpochMetrics w = whole.epochs().get(e);
                EpochMetrics g = c.epochs().get(e);
                assertEquals(w.lr(), g.lr(), engine + " epoch " + e);
                assertEquals(w.trainLoss(), g.trainLoss(), 1e-6, engine + " epoch " + e);
                assertEquals(w.testLoss(), g.testLoss(), 1e-6, engine + " epoch " + e);
                assertEquals(w.testError(), g.testError(), 1e-9, engine + " epoch " + e);
            }
            assertTrue(c.swaOption().isPresent() && a.swaOption().isEmpty());
            assertEquals(whole.swa().meanLoss(), c.swa().meanLoss(), 1e-6, engine + ": SWA over the segments");
            java.io.UncheckedIOException mismatch = org.junit.jupiter.api.Assertions.assertThrows(java.io.UncheckedIOException.class,
                    () -> TrialRunner.runSegment(s, 1, 2, 3, store), "a segment that does not start where the checkpoint is");
            assertTrue(mismatch.getMessage().contains("continues at epoch 4"), mismatch.getMessage());
        }
    }

    /**
     * A trial run whole with an epoch hook, as a sweep's runner runs it: the hook sees every epoch, writes the
     * checkpoint where it chooses, and what it throws stops the trial and propagates. Run again, the trial continues
     * at its checkpoint and ends with the metrics one uninterrupted run has.
     */
    @Test
    void aHookCheckpointsAndStopsATrialThatThenContinuesWhereItWasSaved() {
        TrialSpec s = small(0.01, dir.toString(), 4);
        TrialResult whole = TrialRunner.run(s, 1);
        MemoryStore store = new MemoryStore();
        List<Integer> seen = new java.util.ArrayList<>();
        IllegalStateException stop = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> TrialRunner.run(s, 1, store, (m, boundary) -> {
                    seen.add(m.epoch());
                    assertEquals(m.epoch() + 1, boundary.epochs().size());
                    assertTrue(boundary.parameters() > 0);
                    if (m.epoch() == 1) {
                        boundary.writeCheckpoint();
                    }
                    if (m.epoch() == 2) {
                        throw new IllegalStateException("pruned");
                    }
                }));
        assertEquals("pruned", stop.getMessage());
        assertEquals(List.of(0, 1, 2), seen);
        assertEquals(1, store.writes);
        seen.clear();
        TrialResult rest = TrialRunner.run(s, 1, store, (m, boundary) -> seen.add(m.epoch()));
        assertEquals(RunState.COMPLETE, rest.state(), rest.message());
        assertEquals(List.of(2, 3), seen, "it continued at the checkpoint's epoch");
        assertEquals(4, rest.epochs().size(), "the checkpoint carried the epochs before it");
        for (int e = 0; e < 4; e++) {
            assertEquals(whole.epochs().get(e).testLoss(), rest.epochs().get(e).testLoss(), 1e-6, "epoch " + e);
        }
    }

    /**
     * Many segments in one thread with garbage collections between them, as an executor runs them. (An executor
     * crashed natively in BatchNorm after some segments with the earlier restore, which swapped networks; this test
     * did not reproduce that crash with it, so it guards the path rather than proving the fix.)
     */
    @Test
    void manySegmentsInOneJvmWithGarbageCollection() {
        TrialSpec base = spec(0.01, dir.toString(), 6);
        TrialSpec s = new TrialSpec(base.study(), 0, "dl4j", new DataSpec(Cifar10.NAME, dir.toString(), 200, 100, 1, true, true),
                base.model(), base.optimizer(), base.schedule(), Clipping.NONE, null, 6, 32, 5);
        MemoryStore store = new MemoryStore();
        TrialResult r = null;
        for (int e = 0; e < 6; e++) {
            r = TrialRunner.runSegment(s, 1, e, e + 1, store);
            assertEquals(RunState.COMPLETE, r.state(), r.message());
            System.gc();
        }
        assertEquals(6, r.epochs().size());
    }

    /**
     * A checkpoint with one byte changed anywhere (a torn write, a bad disk) is refused by its own CRC-32: the
     * segment fails with that reason instead of continuing from damaged weights, and a resumed sweep does not count
     * it as a checkpoint to continue from.
     */
    @Test
    void aDamagedCheckpointIsRefused() {
        TrialSpec s = small(0.01, dir.toString(), 3);
        MemoryStore store = new MemoryStore();
        assertEquals(RunState.COMPLETE, TrialRunner.runSegment(s, 1, 0, 1, store).state());
        assertEquals(java.util.OptionalInt.of(1), TrialRunner.checkpointEpoch(store));
        byte[] good = store.bytes.clone();
        for (int at : new int[]{20, good.length / 2, good.length - 1}) {
            store.bytes = good.clone();
            store.bytes[at] ^= 0x10;
            assertEquals(java.util.OptionalInt.empty(), TrialRunner.checkpointEpoch(store), "byte " + at);
            java.io.UncheckedIOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.UncheckedIOException.class,
                    () -> TrialRunner.runSegment(s, 1, 1, 2, store), "byte " + at);
            assertTrue(e.getMessage().contains("damaged"), e.getMessage());
        }
        store.bytes = java.util.Arrays.copyOf(good, good.length - 100);
        assertEquals(java.util.OptionalInt.empty(), TrialRunner.checkpointEpoch(store), "a truncated checkpoint");
        store.bytes = good;
        assertEquals(RunState.COMPLETE, TrialRunner.runSegment(s, 1, 1, 2, store).state());
    }

    @Test
    void aSegmentWithoutItsCheckpointFailsTheTask() {
        TrialSpec s = spec(0.01, dir.toString(), 3);
        MemoryStore empty = new MemoryStore();
        java.io.UncheckedIOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.UncheckedIOException.class,
                () -> TrialRunner.runSegment(s, 1, 1, 2, empty));
        assertTrue(e.getMessage().contains("no checkpoint"), e.getMessage());
    }

    @Test
    void nonFiniteLossStopsTheTrialAsDiverged() {
        TrialResult r = TrialRunner.run(spec(1e12, dir.toString(), 5), 2);
        assertEquals(RunState.DIVERGED, r.state());
        assertTrue(r.message().contains("loss became"), r.message());
        assertTrue(r.epochs().size() < 5);
    }

    @Test
    void failureIsRecordedWithItsMessage() {
        DataCache.clear();
        TrialResult r = TrialRunner.run(spec(0.01, dir.resolve("absent").toString(), 1), 1);
        assertEquals(RunState.FAILED, r.state());
        assertTrue(r.message().contains("absent"), r.message());
        assertTrue(r.epochs().isEmpty());
    }
}
