package io.sparkhpo.executors.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The data-set registry: CIFAR-100's two label sets and MNIST read from files written here in their formats. */
class DataSetsTest {

    @TempDir
    Path dir;

    @Test
    void cifar100ReadsFineOrCoarseLabels() throws IOException {
        Path d = Files.createDirectories(dir.resolve("c100").resolve(Cifar100.ARCHIVE_FOLDER));
        Files.write(d.resolve(Cifar100.TRAIN_FILE), records(7, 99, 19, 1));
        Files.write(d.resolve(Cifar100.TEST_FILE), records(3, 99, 19, 2));
        assertTrue(DataSets.present(Cifar100.NAME, dir.resolve("c100")));
        DataSplit fine = DataSets.load(Cifar100.NAME, dir.resolve("c100"));
        assertEquals(100, fine.train().classes());
        assertEquals(7, fine.train().size());
        assertEquals(3, fine.test().size());
        DataSplit coarse = DataSets.load(Cifar100.NAME, Map.of("labels", "coarse"), dir.resolve("c100"));
        assertEquals(20, coarse.train().classes());
        for (int i = 0; i < 7; i++) {
            assertEquals(fine.train().label(i) % 20, coarse.train().label(i), "the records' two label bytes");
            assertEquals(fine.train().pixel(i, 2, 31, 31), coarse.train().pixel(i, 2, 31, 31));
        }
        Files.write(d.resolve(Cifar100.TEST_FILE), records(2, 100, 19, 3));
        DataException bad = assertThrows(DataException.class, () -> DataSets.load(Cifar100.NAME, dir.resolve("c100")));
        assertTrue(bad.getMessage().contains("has label 100") && bad.getMessage().contains(Cifar100.TEST_FILE), bad.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DataSets.load(Cifar100.NAME, Map.of("labels", "medium"),
                dir.resolve("c100"))).getMessage().contains("labels"));
    }

    @Test
    void mnistReadsTheIdxFilesAndKnowsItsMirror() throws IOException {
        TestData.writeFashionMnist(dir.resolve("mnist"), 12, 4, true, 5);
        DataSplit s = DataSets.load(Mnist.NAME, dir.resolve("mnist"));
        assertEquals(Mnist.NAME, s.train().name());
        assertEquals(12, s.train().size());
        assertEquals(1, s.train().channels());
        assertTrue(DataSets.officialUrl(Mnist.NAME).orElseThrow().toString().startsWith("https://"));
    }

    @Test
    void theRegistryNamesEveryDataSetAndRefusesOthers() {
        assertEquals(java.util.List.of("cifar10", "cifar100", "fashion-mnist", "mnist", "svhn", "image-folder", "parquet"),
                DataSets.NAMES);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DataSets.type("imagenet")).getMessage()
                .contains("known: [cifar10"));
        assertFalse(DataSets.officialUrl(ImageFolder.NAME).isPresent(), "the user brings an image folder");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new DataSpec("cifar10", "/", 1, 1, 0, false, false,
                Map.of("labels", "fine"))).getMessage().contains("takes no key labels"));
        Dataset r = DataSets.random(Cifar100.NAME, Map.of("labels", "coarse"), 5, 1);
        assertEquals(20, r.classes());
    }

    @Test
    void anImageFolderThatIsNotThereSaysItHasNoDownload() {
        DataLocator locator = new DataLocator(dir.resolve("home"), null);
        DataException e = assertThrows(DataException.class, () -> locator.locate(ImageFolder.NAME,
                java.util.Optional.of(dir.resolve("nothing")), true));
        assertTrue(e.getMessage().contains("has no download") && e.getMessage().contains("nothing"), e.getMessage());
    }

    /** {@code n} CIFAR-100 records: coarse label, fine label, 3,072 pixels; fine labels up to {@code maxFine}. */
    private static byte[] records(int n, int maxFine, int maxCoarse, long seed) {
        Random rng = new Random(seed);
        byte[] out = new byte[n * Cifar100.RECORD_BYTES];
        for (int r = 0; r < n; r++) {
            int fine = r == n - 1 ? maxFine : rng.nextInt(100);
            out[r * Cifar100.RECORD_BYTES] = (byte) Math.min(maxCoarse, fine % 20);
            out[r * Cifar100.RECORD_BYTES + 1] = (byte) fine;
            for (int p = 2; p < Cifar100.RECORD_BYTES; p++) {
                out[r * Cifar100.RECORD_BYTES + p] = (byte) rng.nextInt(256);
            }
        }
        return out;
    }
}
