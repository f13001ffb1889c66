package io.sparkhpo.executors.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Cifar10Test {

    @TempDir
    Path dir;

    @Test
    void loadsRecordsPlaneByPlane() throws IOException {
        TestData.writeCifar10(dir, 3, 2, 1);
        // overwrite the test batch with one hand-made record: label 7, red plane 1, green 2, blue 3 (+ marker pixels)
        byte[] rec = new byte[Cifar10.RECORD_BYTES];
        rec[0] = 7;
        Arrays.fill(rec, 1, 1 + 1024, (byte) 1);
        Arrays.fill(rec, 1 + 1024, 1 + 2048, (byte) 2);
        Arrays.fill(rec, 1 + 2048, 1 + 3072, (byte) 200);
        rec[1 + 32 * 5 + 9] = 77; // red, y=5, x=9
        Files.write(dir.resolve(Cifar10.TEST_FILE), rec);
        DataSplit split = Cifar10.load(dir);
        assertEquals(15, split.train().size());
        assertEquals(1, split.test().size());
        Dataset t = split.test();
        assertEquals(7, t.label(0));
        assertEquals(1, t.pixel(0, 0, 0, 0));
        assertEquals(77, t.pixel(0, 0, 5, 9));
        assertEquals(2, t.pixel(0, 1, 31, 31));
        assertEquals(200, t.pixel(0, 2, 10, 10), "bytes are unsigned");
        assertEquals(3, t.channels());
        assertEquals(32, t.height());
    }

    @Test
    void findsTheArchiveFolder() throws IOException {
        TestData.writeCifar10(dir.resolve(Cifar10.ARCHIVE_FOLDER), 2, 2, 1);
        assertTrue(Cifar10.present(dir));
        assertEquals(10, Cifar10.load(dir).train().size());
    }

    @Test
    void truncatedFileIsNamed() throws IOException {
        TestData.writeCifar10(dir, 2, 2, 1);
        Path f = dir.resolve("data_batch_3.bin");
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, all.length - 100));
        DataException e = assertThrows(DataException.class, () -> Cifar10.load(dir));
        assertEquals(f, e.file());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void badLabelIsNamed() throws IOException {
        TestData.writeCifar10(dir, 2, 2, 1);
        Path f = dir.resolve(Cifar10.TEST_FILE);
        byte[] all = Files.readAllBytes(f);
        all[Cifar10.RECORD_BYTES] = 12; // second record's label
        Files.write(f, all);
        DataException e = assertThrows(DataException.class, () -> Cifar10.load(dir));
        assertEquals(f, e.file());
        assertTrue(e.getMessage().contains("record 1 has label 12"), e.getMessage());
    }

    @Test
    void missingAndEmptyFilesAreNamed() throws IOException {
        TestData.writeCifar10(dir, 2, 2, 1);
        Files.delete(dir.resolve("data_batch_5.bin"));
        assertFalse(Cifar10.present(dir));
        DataException missing = assertThrows(DataException.class, () -> Cifar10.load(dir));
        assertEquals(dir.resolve("data_batch_5.bin"), missing.file());
        Files.write(dir.resolve("data_batch_5.bin"), new byte[0]);
        DataException empty = assertThrows(DataException.class, () -> Cifar10.load(dir));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
    }

    @Test
    void subsetIsSeededAndWithoutReplacement() {
        Dataset d = Cifar10.load(writeQuietly()).train();
        Dataset a = d.subset(10, 5);
        Dataset b = d.subset(10, 5);
        assertEquals(10, a.size());
        for (int i = 0; i < 10; i++) {
            assertEquals(a.label(i), b.label(i));
            assertEquals(a.pixel(i, 1, 3, 4), b.pixel(i, 1, 3, 4));
        }
        assertThrows(IllegalArgumentException.class, () -> d.subset(d.size() + 1, 1));
    }

    private Path writeQuietly() {
        try {
            return TestData.writeCifar10(dir, 8, 4, new Random(3).nextLong());
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }
}
