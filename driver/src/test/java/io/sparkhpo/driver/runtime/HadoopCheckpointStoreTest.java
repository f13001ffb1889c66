package io.sparkhpo.driver.runtime;


import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HadoopCheckpointStoreTest {

    @TempDir
    Path dir;

    private static byte[] read(HadoopCheckpointStore store) throws IOException {
        try (InputStream in = store.read().orElseThrow()) {
            return in.readAllBytes();
        }
    }

    private List<String> names() throws IOException {
        try (var files = Files.list(dir.resolve(HadoopCheckpointStore.FOLDER))) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * A local checkpoint is one file, replaced by a rename: no Hadoop {@code .crc} side file that a killed driver
     * could leave out of step with it (the failure CI saw: "Checksum error ... trial-00003.ckpt" on resume).
     */
    @Test
    void aLocalCheckpointIsOneFileReplacedInOneStep() throws IOException {
        String path = HadoopCheckpointStore.pathFor(dir.toString(), 3);
        HadoopCheckpointStore store = new HadoopCheckpointStore(path, new Configuration());
        assertTrue(store.read().isEmpty());
        store.write(out -> out.write("first".getBytes(StandardCharsets.UTF_8)));
        store.write(out -> out.write("second checkpoint".getBytes(StandardCharsets.UTF_8)));
        assertArrayEquals("second checkpoint".getBytes(StandardCharsets.UTF_8), read(store));
        assertEquals(List.of("trial-00003.ckpt"), names());
    }

    /** A stale {@code .crc} from an earlier version, and a killed writer's temporary file, neither block nor stay. */
    @Test
    void leftoversOfAKilledWriterAreHarmlessAndRemoved() throws IOException {
        String path = HadoopCheckpointStore.pathFor(dir.toString(), 3);
        HadoopCheckpointStore store = new HadoopCheckpointStore(path, new Configuration());
        store.write(out -> out.write(new byte[]{1, 2, 3, 4}));
        Path folder = dir.resolve(HadoopCheckpointStore.FOLDER);
        Files.write(folder.resolve(".trial-00003.ckpt.crc"), new byte[]{'c', 'r', 'c', 0, 0, 0, 2, 0, 9, 9, 9, 9});
        Files.write(folder.resolve("_tmp-trial-00003.ckpt-1b2c"), new byte[]{7});
        Files.write(folder.resolve("trial-00004.ckpt"), new byte[]{5});
        assertArrayEquals(new byte[]{1, 2, 3, 4}, read(store), "the stale .crc is not consulted");
        store.delete();
        assertEquals(List.of("trial-00004.ckpt"), names(), "only another trial's checkpoint stays");
    }

    /**
     * A writer SIGKILLed in the middle of a checkpoint (here: after half of it, through this store on the local file
     * system) leaves the previous checkpoint, whole: a reader never sees the half.
     */
    @Test
    void aWriterKilledMidWriteLeavesThePreviousCheckpoint() throws Exception {
        String path = HadoopCheckpointStore.pathFor(dir.toString(), 5);
        HadoopCheckpointStore store = new HadoopCheckpointStore(path, new Configuration());
        byte[] first = new byte[1 << 20];
        java.util.Arrays.fill(first, (byte) 1);
        store.write(out -> out.write(first));
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), HalfWriter.class.getName(), path)
                .redirectErrorStream(true).start();
        java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream()));
        String line;
        StringBuilder out = new StringBuilder();
        while ((line = r.readLine()) != null && !line.equals(HalfWriter.HALF)) {
            out.append(line).append('\n');
        }
        assertEquals(HalfWriter.HALF, line, out.toString());
        child.destroyForcibly(); // SIGKILL, in the middle of the write
        assertTrue(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertArrayEquals(first, read(store), "the previous checkpoint, whole");
        assertTrue(names().stream().anyMatch(n -> n.startsWith("_tmp-")), "the half lies in a temporary file: " + names());
    }

    /** Writes half of a 2 MB checkpoint through the store, says so, and hangs there until it is killed. */
    public static final class HalfWriter {
        static final String HALF = "half written";

        public static void main(String[] args) throws IOException {
            new HadoopCheckpointStore(args[0], new Configuration()).write(out -> {
                out.write(new byte[1 << 20]);
                out.flush();
                System.out.println(HALF);
                System.out.flush();
                try {
                    Thread.sleep(600_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                out.write(new byte[1 << 20]);
            });
        }
    }
}
