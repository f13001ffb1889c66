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
}
