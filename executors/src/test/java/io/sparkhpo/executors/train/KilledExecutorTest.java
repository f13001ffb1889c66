package io.sparkhpo.executors.train;

import io.sparkhpo.executors.data.Cifar10;
import io.sparkhpo.executors.data.DataSpec;
import io.sparkhpo.executors.data.TestData;
import io.sparkhpo.executors.model.ModelSpec;
import io.sparkhpo.executors.optim.OptimizerSpecs;
import io.sparkhpo.executors.optim.WeightDecay;
import io.sparkhpo.executors.optim.WeightDecayMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An executor JVM killed (SIGKILL) after a trial's second segment loses the trial's live session: the next segment,
 * in another JVM, reads the checkpoint back and ends with the weights, statistics and optimizer state an
 * uninterrupted run has at that epoch (the checkpoints' session sections are equal byte for byte).
 */
class KilledExecutorTest {

    @TempDir
    Path dir;

    static TrialSpec spec(String data, int number) {
        return TrialSpec.basic("killed", number, "djl", new DataSpec(Cifar10.NAME, data, 128, 64, 1, true, true),
                ModelSpec.resnet18(4), OptimizerSpecs.create("adam", 0.01, Map.of(), WeightDecay.of(1e-4,
                        WeightDecayMode.DECOUPLED_LR)), 4, 32, 5);
    }

    @Test
    void theNextSegmentRestoresTheCheckpointAndTrainsAsOneRun() throws Exception {
        Path data = TestData.writeCifar10(dir.resolve("data"), 100, 200, 17);
        FileStore killed = new FileStore(dir.resolve("killed.ckpt"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                TwoSegments.class.getName(), data.toString(), killed.file.toString()).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                out.append(line).append('\n');
                if (line.equals(TwoSegments.DONE)) {
                    child.destroyForcibly(); // SIGKILL: its live session is gone with it
                    break;
                }
            }
        }
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child ended");
        assertTrue(out.toString().contains(TwoSegments.DONE), out.toString());

        TrialSpec s = spec(data.toString(), 0);
        LiveSessions.Stats before = LiveSessions.jvm().stats();
        TrialResult third = TrialRunner.runSegment(s, 1, 2, 3, killed);
        assertEquals(RunState.COMPLETE, third.state(), third.message());
        assertEquals(1, LiveSessions.jvm().stats().restores() - before.restores(), "the checkpoint was read back");

        FileStore straight = new FileStore(dir.resolve("straight.ckpt"));
        TrialRunner.runSegment(s, 1, 0, 3, straight);
        TrialRunner.awaitCheckpoints();
        assertArrayEquals(TrialCheckpoint.sessionSection(straight.bytes()), TrialCheckpoint.sessionSection(killed.bytes()),
                "weights, BatchNorm statistics and optimizer state at epoch 3");
        TrialResult whole = TrialRunner.run(s, 1);
        TrialResult last = TrialRunner.runSegment(s, 1, 3, 4, killed);
        for (int e = 0; e < 4; e++) {
            assertEquals(whole.epochs().get(e).testLoss(), last.epochs().get(e).testLoss(), 0, "epoch " + e);
        }
    }

    /** The killed executor: two segments of the trial, their checkpoints complete, then it waits to be killed. */
    public static final class TwoSegments {
        static final String DONE = "two segments written";

        public static void main(String[] args) throws Exception {
            TrialSpec s = spec(args[0], 0);
            FileStore store = new FileStore(Path.of(args[1]));
            for (int e = 0; e < 2; e++) {
                TrialResult r = TrialRunner.runSegment(s, 1, e, e + 1, store);
                if (r.state() != RunState.COMPLETE) {
                    throw new IllegalStateException(r.message());
                }
            }
            TrialRunner.awaitCheckpoints();
            System.out.println(DONE);
            System.out.flush();
            Thread.sleep(600_000);
        }
    }

    /** A checkpoint in one local file, replaced by an atomic rename (as the study folder's store does). */
    static final class FileStore implements CheckpointStore {
        final Path file;

        FileStore(Path file) {
            this.file = file;
        }

        byte[] bytes() throws IOException {
            return Files.readAllBytes(file);
        }

        @Override
        public Optional<InputStream> read() throws IOException {
            return Files.exists(file) ? Optional.of(Files.newInputStream(file)) : Optional.empty();
        }

        @Override
        public void write(Body body) throws IOException {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (var out = Files.newOutputStream(tmp)) {
                body.writeTo(out);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
