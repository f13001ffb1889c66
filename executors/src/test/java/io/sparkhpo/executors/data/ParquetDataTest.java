package io.sparkhpo.executors.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parquet tables written here: PNG and raw image columns, the train/test layout and the seeded split, the heap budget
 * (a set beyond it is memory-mapped), a data set several times larger than a forked JVM's heap streamed through
 * training batches, and the errors for a missing column, a label out of range and a file that is not Parquet.
 */
class ParquetDataTest {

    static final MessageType SCHEMA = MessageTypeParser.parseMessageType(
            "message rows { required binary image; required int32 label; }");

    @TempDir
    Path dir;

    @AfterEach
    void clearBudget() {
        System.clearProperty(ParquetData.MEMORY_PROPERTY);
    }

    @Test
    void pngRowsInTrainAndTestTablesAreDecodedAsAnImageFolderWould() throws IOException {
        Random rng = new Random(1);
        List<BufferedImage> images = new ArrayList<>();
        List<byte[]> encoded = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            BufferedImage img = new BufferedImage(10 + rng.nextInt(12), 10 + rng.nextInt(12), BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    img.setRGB(x, y, rng.nextInt(1 << 24));
                }
            }
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(img, "png", png);
            images.add(img);
            encoded.add(png.toByteArray());
        }
        write(dir.resolve("t/train/part-0.parquet"), encoded.subList(0, 6), new int[]{0, 1, 2, 0, 1, 2});
        write(dir.resolve("t/test/part-0.parquet"), encoded.subList(6, 9), new int[]{2, 1, 0});
        DataSplit s = DataSets.load(ParquetData.NAME, Map.of("image_size", 8L), dir.resolve("t"));
        assertEquals(6, s.train().size());
        assertEquals(3, s.test().size());
        assertEquals(3, s.train().classes());
        assertEquals(2, s.test().label(0));
        byte[] expected = ImageFolder.resizeCrop(images.get(7), 8, 3);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    assertEquals(expected[(c * 8 + y) * 8 + x] & 0xFF, s.test().pixel(1, c, y, x));
                }
            }
        }
        assertTrue(s.train().onHeap(), "small sets are read onto the heap");
    }

    @Test
    void aSetBeyondTheHeapBudgetIsMemoryMappedAndItsStatisticsAreStored() throws IOException {
        byte[][] raw = raw(200, 4, 7);
        int[] labels = new int[200];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 5;
        }
        write(dir.resolve("one/part-0.parquet"), List.of(raw), labels);
        System.setProperty(ParquetData.MEMORY_PROPERTY, "1k");
        Map<String, Object> settings = Map.of("image_size", 4L, "test_fraction", 0.25, "image_format", "raw");
        DataSplit s = DataSets.load(ParquetData.NAME, settings, dir.resolve("one"));
        assertFalse(s.train().onHeap(), "beyond " + ParquetData.MEMORY_PROPERTY + ": mapped");
        assertEquals(200, s.train().size() + s.test().size());
        assertTrue(s.test().size() > 30 && s.test().size() < 70, "about a quarter: " + s.test().size());
        assertEquals(5, s.train().classes());
        // every row is where the seeded draw put it, with its own bytes
        java.util.SplittableRandom draw = new java.util.SplittableRandom(0);
        int tr = 0;
        int te = 0;
        for (int i = 0; i < 200; i++) {
            Dataset d = draw.nextDouble() < 0.25 ? s.test() : s.train();
            int k = d == s.test() ? te++ : tr++;
            assertEquals(labels[i], d.label(k));
            assertEquals(raw[i][5] & 0xFF, d.pixel(k, 0, 1, 1));
        }
        double[][] fresh = new Dataset("copy", 3, 4, 4, 5, heap(s.train()), labelsOf(s.train())).channelStats();
        assertArrayEquals(fresh[0], s.train().channelStats()[0], 0, "the stored statistics are the data's");
        assertArrayEquals(fresh[1], s.train().channelStats()[1], 0);
        System.setProperty(ParquetData.MEMORY_PROPERTY, "64m");
        assertTrue(DataSets.load(ParquetData.NAME, settings, dir.resolve("one")).train().onHeap(), "the cache, read onto the heap");
    }

    /**
     * 40,000 rows of 3x32x32 (123 MB of pixels, in row groups of 8 MB) stream through every training batch of an
     * epoch in a JVM with a 64 MB heap: the reader holds a row group, the cache file is memory-mapped, the heap holds a
     * batch.
     */
    @Test
    void aDataSetLargerThanTheHeapStreamsInASmallJvm() throws Exception {
        int rows = 40_000;
        Configuration conf = new Configuration();
        Random rng = new Random(3);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(dir.resolve("big/part-0.parquet")
                .toUri())).withType(SCHEMA).withConf(conf).withRowGroupSize(8 << 20).build()) {
            SimpleGroupFactory f = new SimpleGroupFactory(SCHEMA);
            byte[] image = new byte[3 * 32 * 32];
            for (int i = 0; i < rows; i++) {
                rng.nextBytes(image);
                w.write(f.newGroup().append("image", Binary.fromConstantByteArray(image.clone())).append("label", i % 10));
            }
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx64m", "-Djava.io.tmpdir=" + dir, "-cp", System.getProperty("java.class.path"),
                StreamProbe.class.getName(), dir.resolve("big").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("streamed " + rows + " rows"), out);
        System.err.println("ParquetDataTest figures: " + out.lines().filter(l -> l.startsWith("streamed")).findFirst().orElse(out));
    }

    /** The forked JVM: loads the table and reads every training batch of one epoch. */
    public static final class StreamProbe {
        public static void main(String[] args) {
            DataSplit s = DataSets.load(ParquetData.NAME, Map.of("test_fraction", 0.1, "image_format", "raw"), Path.of(args[0]));
            if (s.train().onHeap()) {
                throw new IllegalStateException("a 123 MB set on a 64 MB heap");
            }
            Batches b = Batches.training(s.train(), 256, Normalization.of(s.train()), true, 4, 1);
            double sum = 0;
            for (int i = 0; i < b.count(); i++) {
                sum += b.get(0, i).features()[0];
            }
            System.out.printf("streamed %d rows (%d train, %d test, %d bytes of pixels) through %d batches on a heap of at "
                            + "most %d MB (checksum %.3f)%n", s.train().size() + s.test().size(), s.train().size(),
                    s.test().size(), (long) (s.train().size() + s.test().size()) * s.train().imageBytes(), b.count(),
                    Runtime.getRuntime().maxMemory() >> 20, sum);
        }
    }

    /**
     * A feature column (Spark's array of floats: a three-level LIST) gives examples of F x 1 x 1 floats, standardized
     * per feature; an MLP learns the three classes from them with libtorch; a row of another length is an error.
     */
    @Test
    void aFeatureColumnTrainsAnMlp() throws IOException {
        MessageType schema = MessageTypeParser.parseMessageType("message rows { required group features (LIST) { "
                + "repeated group list { required float element; } } required int32 label; }");
        Random rng = new Random(9);
        float[][] rows = new float[90][5];
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(dir.resolve("f/part-0.parquet")
                .toUri())).withType(schema).withConf(new Configuration()).build()) {
            SimpleGroupFactory f = new SimpleGroupFactory(schema);
            for (int i = 0; i < rows.length; i++) {
                Group g = f.newGroup();
                Group list = g.addGroup("features");
                for (int k = 0; k < 5; k++) {
                    rows[i][k] = (float) (3 * (i % 3 == k % 3 ? 1 : 0) + rng.nextGaussian());
                    list.addGroup("list").append("element", rows[i][k]);
                }
                w.write(g.append("label", i % 3));
            }
        }
        Map<String, Object> settings = Map.of("feature_column", "features", "test_fraction", 0.2);
        DataSplit s = DataSets.load(ParquetData.NAME, settings, dir.resolve("f"));
        assertTrue(s.train().features());
        assertEquals(5, s.train().channels());
        assertEquals(1, s.train().height());
        assertEquals(90, s.train().size() + s.test().size());
        assertEquals(rows[0][2], s.train().value(0, 2, 0, 0), 0, "the first row is drawn into training (seed 0)");
        io.sparkhpo.executors.train.TrialSpec spec = io.sparkhpo.executors.train.TrialSpec.basic("t", 0, "djl",
                new DataSpec(ParquetData.NAME, dir.resolve("f").toString(), s.train().size(), s.test().size(), 0, false, true,
                        settings), new io.sparkhpo.executors.model.ModelSpec("mlp", Map.of("hidden", List.of(8L))),
                io.sparkhpo.executors.optim.OptimizerSpecs.create("sgd", 0.1, Map.of("momentum", 0.9),
                        io.sparkhpo.executors.optim.WeightDecay.none(io.sparkhpo.executors.optim.WeightDecayMode.L2)), 10, 16, 1);
        io.sparkhpo.executors.train.TrialResult r = io.sparkhpo.executors.train.TrialRunner.run(spec, 1);
        assertEquals(io.sparkhpo.executors.train.RunState.COMPLETE, r.state(), r.message());
        assertEquals(5L * 8 + 8 + 8 * 3 + 3, r.parameters());
        assertTrue(r.epochs().get(9).testError() < 0.2, "three separable classes: " + r.epochs().get(9));

        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(dir.resolve("g/part-0.parquet")
                .toUri())).withType(schema).withConf(new Configuration()).build()) {
            SimpleGroupFactory f = new SimpleGroupFactory(schema);
            for (int i = 0; i < 3; i++) {
                Group g = f.newGroup();
                Group list = g.addGroup("features");
                for (int k = 0; k < (i == 2 ? 4 : 5); k++) {
                    list.addGroup("list").append("element", 1f);
                }
                w.write(g.append("label", i % 2));
            }
        }
        DataException ragged = assertThrows(DataException.class, () -> DataSets.load(ParquetData.NAME, settings, dir.resolve("g")));
        assertTrue(ragged.getMessage().contains("row 2 has 4 features") && ragged.getMessage().contains("first row has 5"),
                ragged.getMessage());
    }

    @Test
    void badTablesAreErrorsNamingTheFileColumnAndRow() throws IOException {
        MessageType other = MessageTypeParser.parseMessageType("message rows { required binary image; required int32 y; }");
        Path noLabel = dir.resolve("nolabel/part-0.parquet");
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(noLabel.toUri()))
                .withType(other).withConf(new Configuration()).build()) {
            w.write(new SimpleGroupFactory(other).newGroup().append("image", Binary.fromConstantByteArray(new byte[48])).append("y", 1));
        }
        DataException missing = assertThrows(DataException.class, () -> DataSets.load(ParquetData.NAME, Map.of("image_size", 4L),
                dir.resolve("nolabel")));
        assertTrue(missing.getMessage().contains("part-0.parquet") && missing.getMessage().contains("no column label")
                && missing.getMessage().contains("[image, y]"), missing.getMessage());

        write(dir.resolve("range/part-0.parquet"), List.of(raw(4, 4, 1)), new int[]{0, 1, 7, 2});
        DataException range = assertThrows(DataException.class, () -> DataSets.load(ParquetData.NAME,
                Map.of("image_size", 4L, "classes", 3L, "image_format", "raw"), dir.resolve("range")));
        assertTrue(range.getMessage().contains("row 2 has label 7") && range.getMessage().contains("data.classes = 3"),
                range.getMessage());

        Files.createDirectories(dir.resolve("text"));
        Files.writeString(dir.resolve("text/part-0.parquet"), "not parquet");
        DataException text = assertThrows(DataException.class, () -> DataSets.load(ParquetData.NAME, Map.of(), dir.resolve("text")));
        assertTrue(text.getMessage().contains("not a Parquet file"), text.getMessage());

        write(dir.resolve("size/part-0.parquet"), List.of(raw(2, 4, 1)), new int[]{0, 1});
        DataException size = assertThrows(DataException.class, () -> DataSets.load(ParquetData.NAME, Map.of("image_size", 8L,
                "image_format", "raw"), dir.resolve("size")));
        assertTrue(size.getMessage().contains("row 0") && size.getMessage().contains("have 192"), size.getMessage());
        DataException notPng = assertThrows(DataException.class, () -> DataSets.load(ParquetData.NAME, Map.of("image_size", 8L),
                dir.resolve("size")));
        assertTrue(notPng.getMessage().contains("row 0") && notPng.getMessage().contains("not a PNG or JPEG"), notPng.getMessage());
    }

    private static byte[][] raw(int n, int side, long seed) {
        Random rng = new Random(seed);
        byte[][] out = new byte[n][3 * side * side];
        for (byte[] r : out) {
            rng.nextBytes(r);
        }
        return out;
    }

    private static void write(Path file, List<byte[]> images, int[] labels) throws IOException {
        Files.createDirectories(file.getParent());
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(file.toUri())).withType(SCHEMA)
                .withConf(new Configuration()).build()) {
            SimpleGroupFactory f = new SimpleGroupFactory(SCHEMA);
            for (int i = 0; i < images.size(); i++) {
                w.write(f.newGroup().append("image", Binary.fromConstantByteArray(images.get(i))).append("label", labels[i]));
            }
        }
    }

    private static byte[] heap(Dataset d) {
        byte[] out = new byte[d.size() * d.imageBytes()];
        int k = 0;
        for (int i = 0; i < d.size(); i++) {
            for (int c = 0; c < d.channels(); c++) {
                for (int y = 0; y < d.height(); y++) {
                    for (int x = 0; x < d.width(); x++) {
                        out[k++] = (byte) d.pixel(i, c, y, x);
                    }
                }
            }
        }
        return out;
    }

    private static int[] labelsOf(Dataset d) {
        int[] out = new int[d.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = d.label(i);
        }
        return out;
    }
}
