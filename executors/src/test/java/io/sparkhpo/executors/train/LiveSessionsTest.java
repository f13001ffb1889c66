package io.sparkhpo.executors.train;

import io.sparkhpo.executors.data.Cifar10;
import io.sparkhpo.executors.data.DataSpec;
import io.sparkhpo.executors.data.TestData;
import io.sparkhpo.executors.model.ModelSpec;
import io.sparkhpo.executors.optim.OptimizerSpecs;
import io.sparkhpo.executors.optim.WeightDecay;
import io.sparkhpo.executors.optim.WeightDecayMode;
import io.sparkhpo.executors.schedule.ScheduleSpec;
import io.sparkhpo.executors.schedule.Unit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Trials whose segments run in one JVM continue from their live session (no session opened, no checkpoint read
 * back) and train exactly what an uninterrupted run trains; the checkpoint is still written, on the writer's thread.
 * A live session is used only while the trial's checkpoint is the one it wrote, and the cache is bounded.
 */
class LiveSessionsTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void data() throws IOException {
        TestData.writeCifar10(dir, 100, 200, 17);
    }

    @AfterEach
    void defaults() {
        LiveSessions.jvm().clear();
        LiveSessions.jvm().reset();
    }

    /** A 4-epoch trial with a step schedule and SWA, in 4 segments (checkpoint_epochs = 1) in one JVM. */
    private static TrialSpec spec(String engine, int number) {
        return new TrialSpec("live", number, engine, new DataSpec(Cifar10.NAME, dir.toString(), 128, 64, 1, true, true),
                ModelSpec.resnet18(4), OptimizerSpecs.create("adam", 0.01, Map.of(), WeightDecay.of(1e-4,
                WeightDecayMode.DECOUPLED_LR)), ScheduleSpec.of("step", Unit.EPOCH, Map.of("step_size", 2.0, "gamma", 0.5)),
                Clipping.NONE, new SwaSpec(1), 4, 32, 5);
    }

    @Test
    void segmentsTwoToFourRestoreNothingAndEqualOneRun() {
        for (String engine : List.of("djl", "dl4j")) {
            for (boolean cached : List.of(true, false)) {
                LiveSessions.jvm().configure(cached ? 2 : 0, 4L << 30);
                TrialSpec s = spec(engine, cached ? 1 : 2);
                TrialResult whole = TrialRunner.run(s, 1);
                TrialRunnerTest.MemoryStore store = new TrialRunnerTest.MemoryStore();
                LiveSessions.Stats before = LiveSessions.jvm().stats();
                TrialResult last = null;
                for (int e = 0; e < 4; e++) {
                    last = TrialRunner.runSegment(s, 1, e, e + 1, store);
                    assertEquals(RunState.COMPLETE, last.state(), engine + ": " + last.message());
                }
                LiveSessions.Stats after = LiveSessions.jvm().stats();
                String what = engine + (cached ? " with live sessions" : " without");
                assertEquals(cached ? 0 : 3, after.restores() - before.restores(), what + ": checkpoints read back");
                assertEquals(cached ? 3 : 0, after.hits() - before.hits(), what + ": segments continued from memory");
                assertEquals(3, store.writes, what + ": the checkpoints are written all the same");
                for (int e = 0; e < 4; e++) {
                    EpochMetrics w = whole.epochs().get(e);
                    EpochMetrics g = last.epochs().get(e);
                    assertEquals(w.trainLoss(), g.trainLoss(), 0, what + " epoch " + e);
                    assertEquals(w.testLoss(), g.testLoss(), 0, what + " epoch " + e);
                    assertEquals(w.gradNormMax(), g.gradNormMax(), 0, what + " epoch " + e);
                }
                assertEquals(whole.swa().meanLoss(), last.swa().meanLoss(), 0, what + ": SWA over the segments");
                assertEquals(0, LiveSessions.jvm().size(), what + ": a finished trial leaves nothing behind");
            }
        }
    }

    /**
     * A checkpoint replaced by someone else's (PBT's exploit) wins over the trial's own live session, which is closed;
     * when this JVM keeps the live session that wrote the new checkpoint, its state is copied in memory (nothing read
     * back), and the trial goes on exactly as from the file: with the cache off, and in each engine.
     */
    @Test
    void anExploitCopiesTheSourcesLiveSessionAndEqualsReadingItsCheckpoint() {
        for (String engine : List.of("djl", "dl4j")) {
            double[] testLoss = new double[2];
            for (boolean cached : List.of(true, false)) {
                LiveSessions.jvm().configure(cached ? 2 : 0, 4L << 30);
                String what = engine + (cached ? " with live sessions" : " without");
                int target = cached ? 3 : 13;
                int source = target + 1;
                TrialRunnerTest.MemoryStore mine = new TrialRunnerTest.MemoryStore();
                TrialRunnerTest.MemoryStore other = new TrialRunnerTest.MemoryStore();
                TrialRunner.runSegment(spec(engine, target), 1, 0, 2, mine);
                TrialRunner.runSegment(spec(engine, source), 1, 0, 2, other);
                TrialRunner.awaitCheckpoints();
                mine.bytes = other.bytes.clone(); // the target takes the source's checkpoint
                LiveSessions.Stats before = LiveSessions.jvm().stats();
                TrialResult r = TrialRunner.runSegment(spec(engine, target), 1, 2, 3, mine);
                assertEquals(RunState.COMPLETE, r.state(), r.message());
                LiveSessions.Stats after = LiveSessions.jvm().stats();
                assertEquals(cached ? 0 : 1, after.restores() - before.restores(), what + ": checkpoints read back");
                assertEquals(cached ? 1 : 0, after.copies() - before.copies(), what + ": live sessions copied");
                assertEquals(0, after.hits() - before.hits(), what + ": the target's own live session is stale");
                testLoss[cached ? 0 : 1] = r.epochs().get(2).testLoss();
                TrialResult fromOther = TrialRunner.runSegment(spec(engine, source), 1, 2, 3, other);
                assertEquals(fromOther.epochs().get(2).testLoss(), r.epochs().get(2).testLoss(), 0,
                        what + ": the target went on from the source's state");
                assertEquals(cached ? 1 : 0, LiveSessions.jvm().stats().hits() - after.hits(),
                        what + ": the source still continues from its own live session");
            }
            assertEquals(testLoss[1], testLoss[0], 0, engine + ": the copy equals the checkpoint read back");
        }
    }

    /** At most {@code sparkhpo.sessions.max} states are kept: the least recently kept one is closed first. */
    @Test
    void theCacheIsBounded() {
        LiveSessions.jvm().configure(1, 4L << 30);
        TrialRunnerTest.MemoryStore a = new TrialRunnerTest.MemoryStore();
        TrialRunnerTest.MemoryStore b = new TrialRunnerTest.MemoryStore();
        LiveSessions.Stats before = LiveSessions.jvm().stats();
        TrialRunner.runSegment(spec("djl", 5), 1, 0, 1, a);
        TrialRunner.runSegment(spec("djl", 6), 1, 0, 1, b); // trial 5 makes room
        TrialRunner.runSegment(spec("djl", 6), 1, 1, 2, b); // from memory
        TrialRunner.runSegment(spec("djl", 5), 1, 1, 2, a); // read back; trial 6 makes room
        LiveSessions.Stats after = LiveSessions.jvm().stats();
        assertEquals(1, LiveSessions.jvm().size());
        assertEquals(2, after.evicted() - before.evicted());
        assertEquals(1, after.hits() - before.hits(), "trial 6's second segment");
        assertEquals(1, after.restores() - before.restores(), "trial 5's second segment");
        LiveSessions.jvm().configure(2, 1);
        assertEquals(0, LiveSessions.jvm().size(), "what no longer fits is closed");
        TrialRunner.runSegment(spec("djl", 7), 1, 0, 1, new TrialRunnerTest.MemoryStore());
        assertEquals(0, LiveSessions.jvm().size(), "a state larger than sparkhpo.sessions.bytes is not kept");
    }
}
