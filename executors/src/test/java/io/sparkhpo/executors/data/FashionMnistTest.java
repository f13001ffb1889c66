package io.sparkhpo.executors.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FashionMnistTest {

    @TempDir
    Path dir;

    /**
     * The real data set from Debian's dataset-fashion-mnist (.ci/run installs it): 60,000 + 10,000 images,
     * balanced classes, the published per-pixel mean (0.2860) and standard deviation (0.3530).
     */
    @Test
    void loadsTheRealDataSet() {
        Path debian = Path.of(FashionMnist.DEBIAN_DIR);
        assertTrue(FashionMnist.present(debian), "install Debian's dataset-fashion-mnist (.ci/run does)");
        DataSplit split = FashionMnist.load(debian);
        assertEquals(60_000, split.train().size());
        assertEquals(10_000, split.test().size());
        int[] counts = new int[10];
        for (int i = 0; i < split.train().size(); i++) {
            counts[split.train().label(i)]++;
        }
        int[] expected = new int[10];
        Arrays.fill(expected, 6000);
        assertEquals(Arrays.toString(expected), Arrays.toString(counts));
        double[][] stats = split.train().channelStats();
        assertEquals(0.2860, stats[0][0], 1e-3);
        assertEquals(0.3530, stats[1][0], 1e-3);
    }

    @Test
    void readsRawAndGzipFiles() throws IOException {
        TestData.writeFashionMnist(dir.resolve("raw"), 12, 5, false, 1);
        TestData.writeFashionMnist(dir.resolve("gz"), 12, 5, true, 1);
        DataSplit raw = FashionMnist.load(dir.resolve("raw"));
        DataSplit gz = FashionMnist.load(dir.resolve("gz"));
        assertEquals(12, raw.train().size());
        assertEquals(5, gz.test().size());
        for (int i = 0; i < 12; i++) {
            assertEquals(raw.train().label(i), gz.train().label(i));
            assertEquals(raw.train().pixel(i, 0, 27, 3), gz.train().pixel(i, 0, 27, 3));
        }
    }

    @Test
    void badMagicIsNamed() throws IOException {
        TestData.writeFashionMnist(dir, 4, 4, false, 1);
        Path f = dir.resolve(FashionMnist.TRAIN_IMAGES);
        byte[] b = Files.readAllBytes(f);
        b[2] = 0x0D; // float data type
        Files.write(f, b);
        DataException e = assertThrows(DataException.class, () -> FashionMnist.load(dir));
        assertEquals(f, e.file());
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
    }

    @Test
    void truncatedDataIsNamed() throws IOException {
        TestData.writeFashionMnist(dir, 4, 4, false, 1);
        Path f = dir.resolve(FashionMnist.TEST_IMAGES);
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length - 10));
        DataException e = assertThrows(DataException.class, () -> FashionMnist.load(dir));
        assertEquals(f, e.file());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void truncatedGzipIsNamed() throws IOException {
        TestData.writeFashionMnist(dir, 50, 4, true, 1);
        Path f = dir.resolve(FashionMnist.TRAIN_IMAGES + ".gz");
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length / 2));
        DataException e = assertThrows(DataException.class, () -> FashionMnist.load(dir));
        assertEquals(f, e.file());
    }

    @Test
    void corruptGzipIsNamed() throws IOException {
        TestData.writeFashionMnist(dir, 50, 4, true, 1);
        Path f = dir.resolve(FashionMnist.TRAIN_LABELS + ".gz");
        byte[] b = Files.readAllBytes(f);
        for (int i = 12; i < b.length - 8; i++) {
            b[i] ^= 0x5A;
        }
        Files.write(f, b);
        DataException e = assertThrows(DataException.class, () -> FashionMnist.load(dir));
        assertEquals(f, e.file());
    }

    @Test
    void trailingBytesCountMismatchAndBadLabelsAreNamed() throws IOException {
        TestData.writeFashionMnist(dir, 4, 4, false, 1);
        Path labels = dir.resolve(FashionMnist.TRAIN_LABELS);
        byte[] b = Files.readAllBytes(labels);
        Files.write(labels, Arrays.copyOf(b, b.length + 1));
        assertTrue(assertThrows(DataException.class, () -> FashionMnist.load(dir)).getMessage().contains("past"));

        Files.write(labels, TestData.idx(new int[]{3}, new byte[]{1, 2, 3}, false));
        DataException mismatch = assertThrows(DataException.class, () -> FashionMnist.load(dir));
        assertEquals(labels, mismatch.file());
        assertTrue(mismatch.getMessage().contains("3 labels for the 4 images"), mismatch.getMessage());

        Files.write(labels, TestData.idx(new int[]{4}, new byte[]{1, 2, 10, 3}, false));
        assertTrue(assertThrows(DataException.class, () -> FashionMnist.load(dir)).getMessage().contains("label 2 is 10"));
    }

    @Test
    void missingFileIsNamed() throws IOException {
        TestData.writeFashionMnist(dir, 4, 4, true, 1);
        Files.delete(dir.resolve(FashionMnist.TEST_LABELS + ".gz"));
        DataException e = assertThrows(DataException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().contains(FashionMnist.TEST_LABELS), e.getMessage());
    }
}
