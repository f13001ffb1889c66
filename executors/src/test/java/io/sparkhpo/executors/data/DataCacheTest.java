package io.sparkhpo.executors.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DataCacheTest {

    @TempDir
    Path dir;

    /** Trials in one executor JVM share one load: after it, the files can even disappear. */
    @Test
    void loadsOncePerJvmAndSubsetsBySpec() throws IOException {
        DataCache.clear();
        TestData.writeCifar10(dir, 10, 20, 1);
        DataSpec a = new DataSpec(Cifar10.NAME, dir.toString(), 30, 10, 7, true, true);
        PreparedData first = DataCache.get(a);
        for (String f : Cifar10.TRAIN_FILES) {
            Files.delete(dir.resolve(f));
        }
        assertSame(first, DataCache.get(a));
        PreparedData other = DataCache.get(new DataSpec(Cifar10.NAME, dir.toString(), 20, 10, 7, false, true));
        assertNotSame(first, other);
        assertEquals(20, other.train().size());
        assertEquals(first.normalization(), other.normalization(), "statistics of the full training set");
        DataCache.clear();
        assertThrows(DataException.class, () -> DataCache.get(a));
        DataCache.clear();
    }

    @Test
    void askingForMoreThanTheDataHasFails() throws IOException {
        DataCache.clear();
        TestData.writeCifar10(dir, 2, 3, 1);
        DataException e = assertThrows(DataException.class,
                () -> DataCache.get(new DataSpec(Cifar10.NAME, dir.toString(), 11, 3, 1, true, true)));
        assertEquals(true, e.getMessage().contains("asked for 11 training"), e.getMessage());
        DataCache.clear();
    }
}
