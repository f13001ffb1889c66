package io.sparkhpo.executors.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkhpo.executors.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SVHN's MATLAB files, written in the official layout by scipy (tools/golden/svhn.py: a compressed training file and a
 * plain test file): labels as torchvision reads them (10 is the digit 0), pixels in NCHW order; corrupt files are errors.
 */
class SvhnTest {

    @TempDir
    Path dir;

    @Test
    void readsTheOfficialLayoutAsTorchvisionDoes() throws Exception {
        Path folder = Path.of(SvhnTest.class.getResource("/golden/svhn").toURI());
        JsonNode golden = Golden.load("svhn.json").get("files");
        DataSplit s = DataSets.load(Svhn.NAME, folder);
        check(golden.get(Svhn.TRAIN_FILE), s.train());
        check(golden.get(Svhn.TEST_FILE), s.test());
        assertEquals(0, s.train().label(0), "label 10 is the digit 0");
    }

    private static void check(JsonNode g, Dataset d) {
        assertEquals(g.get("labels").size(), d.size());
        for (int i = 0; i < d.size(); i++) {
            assertEquals(g.get("labels").get(i).asInt(), d.label(i));
            for (int k = 0; k < 8; k++) {
                assertEquals(g.get("first").get(i).get(k).asInt(), d.pixel(i, 0, 0, k), "image " + i + " byte " + k);
            }
            long sum = 0;
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        sum += d.pixel(i, c, y, x);
                    }
                }
            }
            assertEquals(g.get("sums").get(i).asLong(), sum, "image " + i);
        }
    }

    @Test
    void corruptFilesAreErrorsNamingTheFile() throws Exception {
        Path folder = Path.of(SvhnTest.class.getResource("/golden/svhn").toURI());
        byte[] test = Files.readAllBytes(folder.resolve(Svhn.TEST_FILE));
        Files.write(dir.resolve(Svhn.TRAIN_FILE), java.util.Arrays.copyOf(test, test.length / 2));
        Files.write(dir.resolve(Svhn.TEST_FILE), test);
        DataException truncated = assertThrows(DataException.class, () -> DataSets.load(Svhn.NAME, dir));
        assertTrue(truncated.getMessage().contains(Svhn.TRAIN_FILE), truncated.getMessage());
        Files.write(dir.resolve(Svhn.TRAIN_FILE), new byte[]{1, 2, 3});
        DataException tiny = assertThrows(DataException.class, () -> DataSets.load(Svhn.NAME, dir));
        assertTrue(tiny.getMessage().contains("too short"), tiny.getMessage());
        assertTrue(DataSets.officialUrl(Svhn.NAME).orElseThrow().toString().startsWith("http://ufldl.stanford.edu/"));
    }
}
