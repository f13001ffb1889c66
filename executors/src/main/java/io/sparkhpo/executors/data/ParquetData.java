package io.sparkhpo.executors.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.ImageIO;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A Parquet table of images on any Hadoop file system ({@code data.path}: a local folder or {@code hdfs://},
 * {@code s3a://} ...): an image column (each row's image encoded as PNG or JPEG, or with {@code image_format = raw}
 * its raw {@code C x S x S} bytes in channel-plane order), or a feature column (a list of numbers per row, the same
 * length in every row: each example a {@code F x 1 x 1} "image" of floats, standardized per feature, never augmented)
 * and an integer label column, names configurable. {@code PATH/train} and {@code PATH/test}
 * tables are the two sets; otherwise one table at {@code PATH} is split by a seeded draw per row (seed 0,
 * {@code test_fraction} of the rows).
 *
 * <p>Rows are read one at a time with parquet-hadoop, decoded, resized and cropped as an image folder's images are
 * ({@link ImageFolder#resizeCrop}), and written to a local cache file per set (under {@code java.io.tmpdir}, one per
 * table and settings, reused by every trial and JVM on the node); the heap holds one row and the labels. A set whose
 * pixels fit in {@link #memoryBudget()} is then read onto the heap; a larger one is memory-mapped from its cache file,
 * so a data set larger than the executor's memory streams from the local disk through the page cache. The training
 * set's per-channel mean and standard deviation are computed once, when the cache is written, and stored beside it.
 */
public final class ParquetData {

    private static final Logger LOG = LoggerFactory.getLogger(ParquetData.class);
    public static final String NAME = "parquet";
    /** The system property with the bytes of decoded pixels a set may hold on the heap ({@code 256m}, {@code 2g}). */
    public static final String MEMORY_PROPERTY = "sparkhpo.data.memory";

    /** What to read: column names, image shape, classes (0: the largest label + 1), the split of one table. */
    record Settings(String imageColumn, String labelColumn, boolean raw, int size, int channels, int classes, double testFraction,
                    String featureColumn) {

        boolean features() {
            return !featureColumn.isEmpty();
        }
    }

    private ParquetData() {
    }

    /** Whether {@code dir} holds Parquet files (or {@code train}/{@code test} folders of them). */
    public static boolean present(Path dir) {
        try (var s = Files.list(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".parquet")
                    || Files.isDirectory(p) && (p.getFileName().toString().equals("train")));
        } catch (IOException e) {
            return false;
        }
    }

    /** The bytes of decoded pixels a set may hold on the heap: {@value #MEMORY_PROPERTY}, else a quarter of the heap. */
    static long memoryBudget() {
        String v = System.getProperty(MEMORY_PROPERTY);
        if (v == null || v.isBlank()) {
            return Runtime.getRuntime().maxMemory() / 4;
        }
        String t = v.trim().toLowerCase(java.util.Locale.ROOT);
        long unit = t.endsWith("k") ? 1L << 10 : t.endsWith("m") ? 1L << 20 : t.endsWith("g") ? 1L << 30 : 1;
        try {
            return Long.parseLong(unit == 1 ? t : t.substring(0, t.length() - 1)) * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(MEMORY_PROPERTY + " must be a number of bytes (e.g. 512m, 2g), got " + v);
        }
    }

    static DataSplit load(String path, Settings s) {
        Configuration conf = new Configuration();
        org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(path);
        try {
            FileSystem fs = root.getFileSystem(conf);
            org.apache.hadoop.fs.Path train = new org.apache.hadoop.fs.Path(root, "train");
            org.apache.hadoop.fs.Path test = new org.apache.hadoop.fs.Path(root, "test");
            boolean split = !(fs.exists(train) && fs.exists(test));
            List<FileStatus> trainFiles = files(fs, split ? root : train);
            List<FileStatus> testFiles = split ? trainFiles : files(fs, test);
            Path cache = cacheDir(path, s, trainFiles, testFiles);
            if (!Files.isRegularFile(cache.resolve("done"))) {
                build(cache, conf, trainFiles, split ? null : testFiles, s);
            }
            int classes = Integer.parseInt(Files.readString(cache.resolve("classes")).trim());
            List<String> st = Files.readAllLines(cache.resolve("train.stats"));
            int channels = Integer.parseInt(Files.readString(cache.resolve("shape")).trim().split(" ")[0]);
            double[][] stats = new double[2][channels];
            for (int i = 0; i < 2 * channels; i++) {
                stats[i / channels][i % channels] = Double.parseDouble(st.get(i));
            }
            return new DataSplit(open(cache, "train", s, classes).withChannelStats(stats), open(cache, "test", s, classes));
        } catch (IOException e) {
            throw new DataException(Path.of(path), "cannot read the Parquet table: " + e.getMessage(), e);
        }
    }

    private static List<FileStatus> files(FileSystem fs, org.apache.hadoop.fs.Path dir) throws IOException {
        if (!fs.exists(dir)) {
            throw new DataException(Path.of(dir.toString()), "does not exist");
        }
        FileStatus st = fs.getFileStatus(dir);
        List<FileStatus> out = new ArrayList<>();
        if (st.isFile()) {
            out.add(st);
        } else {
            for (FileStatus f : fs.listStatus(dir)) {
                if (f.isFile() && f.getPath().getName().endsWith(".parquet")) {
                    out.add(f);
                }
            }
        }
        if (out.isEmpty()) {
            throw new DataException(Path.of(dir.toString()), "holds no .parquet files");
        }
        out.sort(java.util.Comparator.comparing(f -> f.getPath().getName()));
        return out;
    }

    /** The cache folder of this table and these settings: named by both, and by the files' sizes and times. */
    private static Path cacheDir(String path, Settings s, List<FileStatus> train, List<FileStatus> test) {
        StringBuilder key = new StringBuilder(path).append('|').append(s);
        for (FileStatus f : train) {
            key.append('|').append(f.getPath()).append(':').append(f.getLen()).append(':').append(f.getModificationTime());
        }
        for (FileStatus f : test) {
            key.append('|').append(f.getPath()).append(':').append(f.getLen()).append(':').append(f.getModificationTime());
        }
        try {
            byte[] sha = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(key.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return Path.of(System.getProperty("java.io.tmpdir"), "sparkhpo-data-cache", java.util.HexFormat.of().formatHex(sha));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Decodes every row into {@code cache}/{train,test}.{pixels,labels}, then marks it done (atomically). */
    private static synchronized void build(Path cache, Configuration conf, List<FileStatus> trainFiles,
                                           List<FileStatus> testFiles, Settings s) throws IOException {
        if (Files.isRegularFile(cache.resolve("done"))) {
            return;
        }
        long t0 = System.nanoTime();
        Path tmp = Files.createDirectories(cache.getParent()).resolve(cache.getFileName() + ".part-" + ProcessHandle.current().pid());
        Files.createDirectories(tmp);
        try {
            decode(tmp, conf, trainFiles, testFiles, s);
        } catch (IOException | RuntimeException e) {
            delete(tmp);
            throw e;
        }
        try {
            Files.move(tmp, cache, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            delete(tmp); // another JVM finished first
        }
        LOG.info("decoded the Parquet table into {} in {} s", cache, String.format("%.1f", (System.nanoTime() - t0) / 1e9));
    }

    private static void decode(Path tmp, Configuration conf, List<FileStatus> trainFiles, List<FileStatus> testFiles,
                               Settings s) throws IOException {
        int[] bytes = {s.features() ? 0 : s.channels() * s.size() * s.size()};
        int[] maxLabel = {-1};
        try (Writer train = new Writer(tmp, "train"); Writer test = new Writer(tmp, "test")) {
            SplittableRandom draw = new SplittableRandom(0);
            for (FileStatus f : trainFiles) {
                read(conf, f, s, bytes, maxLabel, (pixels, label) -> (testFiles == null && draw.nextDouble() < s.testFraction()
                        ? test : train).add(pixels, label));
            }
            if (testFiles != null) {
                for (FileStatus f : testFiles) {
                    read(conf, f, s, bytes, maxLabel, test::add);
                }
            }
            if (train.rows == 0 || test.rows == 0) {
                throw new DataException(Path.of(trainFiles.get(0).getPath().toString()), train.rows + " training and "
                        + test.rows + " test rows: both sets need at least one");
            }
        }
        int classes = s.classes() > 0 ? s.classes() : maxLabel[0] + 1;
        if (classes < 2) {
            throw new DataException(Path.of(trainFiles.get(0).getPath().toString()), "every label is 0: a data set needs "
                    + "at least 2 classes");
        }
        Files.writeString(tmp.resolve("classes"), classes + "\n");
        Files.writeString(tmp.resolve("shape"), s.features() ? bytes[0] / Float.BYTES + " 1\n" : s.channels() + " " + s.size() + "\n");
        double[][] stats = open(tmp, "train", s, classes).channelStats();
        StringBuilder st = new StringBuilder();
        for (double[] row : stats) {
            for (double v : row) {
                st.append(Double.toHexString(v)).append('\n');
            }
        }
        Files.writeString(tmp.resolve("train.stats"), st.toString());
        Files.writeString(tmp.resolve("done"), "\n");
    }

    private static void delete(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @FunctionalInterface
    private interface Row {
        void accept(byte[] pixels, int label) throws IOException;
    }

    private static void read(Configuration conf, FileStatus f, Settings s, int[] bytes, int[] maxLabel, Row out) throws IOException {
        Path file = Path.of(f.getPath().toString());
        MessageType schema;
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromStatus(f, conf))) {
            schema = r.getFooter().getFileMetaData().getSchema();
        } catch (IOException | RuntimeException e) {
            throw new DataException(file, "not a Parquet file: " + e.getMessage(), e);
        }
        List<String> columns = schema.getFields().stream().map(org.apache.parquet.schema.Type::getName).toList();
        for (String c : List.of(s.features() ? s.featureColumn() : s.imageColumn(), s.labelColumn())) {
            if (!schema.containsField(c)) {
                throw new DataException(file, "has no column " + c + " (its columns: " + columns + "; data.image_column "
                        + "and data.label_column name them)");
            }
        }
        PrimitiveType.PrimitiveTypeName labelType = schema.getType(s.labelColumn()).asPrimitiveType().getPrimitiveTypeName();
        if (labelType != PrimitiveType.PrimitiveTypeName.INT32 && labelType != PrimitiveType.PrimitiveTypeName.INT64) {
            throw new DataException(file, "column " + s.labelColumn() + " holds " + labelType + ", labels are integers");
        }
        try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), f.getPath()).withConf(conf).build()) {
            long row = 0;
            for (Group g; (g = reader.read()) != null; row++) {
                long label = labelType == PrimitiveType.PrimitiveTypeName.INT32 ? g.getInteger(s.labelColumn(), 0)
                        : g.getLong(s.labelColumn(), 0);
                if (label < 0 || (s.classes() > 0 && label >= s.classes()) || label > Integer.MAX_VALUE - 1) {
                    throw new DataException(file, "row " + row + " has label " + label + ", labels are 0.."
                            + (s.classes() > 0 ? s.classes() - 1 : "2^31 - 2") + (s.classes() > 0 ? " (data.classes = " + s.classes() + ")" : ""));
                }
                maxLabel[0] = Math.max(maxLabel[0], (int) label);
                byte[] values = s.features() ? features(file, row, g, s.featureColumn(), bytes[0])
                        : pixels(file, row, g.getBinary(s.imageColumn(), 0).getBytes(), s, bytes[0]);
                bytes[0] = values.length;
                out.accept(values, (int) label);
            }
        }
    }

    /**
     * A row's features (a list of floats or doubles, Spark's {@code array<float>} or a repeated field) as big-endian
     * float bytes; every row must have {@code bytes / 4} of them (the first row's count, {@code bytes} 0 before it).
     */
    private static byte[] features(Path file, long row, Group g, String col, int bytes) {
        org.apache.parquet.schema.Type t = g.getType().getType(col);
        List<Double> v = new ArrayList<>();
        if (t.isPrimitive()) {
            for (int i = 0; i < g.getFieldRepetitionCount(col); i++) {
                v.add(number(g, col, i, t.asPrimitiveType()));
            }
        } else if (g.getFieldRepetitionCount(col) > 0) {
            Group list = g.getGroup(col, 0);
            org.apache.parquet.schema.Type rep = list.getType().getType(0);
            for (int i = 0; i < list.getFieldRepetitionCount(0); i++) {
                if (rep.isPrimitive()) {
                    v.add(number(list, rep.getName(), i, rep.asPrimitiveType()));
                } else {
                    Group e = list.getGroup(0, i);
                    v.add(number(e, e.getType().getFieldName(0), 0, e.getType().getType(0).asPrimitiveType()));
                }
            }
        }
        if (v.isEmpty() || (bytes > 0 && v.size() * Float.BYTES != bytes)) {
            throw new DataException(file, "row " + row + " has " + v.size() + " features in " + col
                    + (bytes > 0 ? ", the first row has " + bytes / Float.BYTES : ""));
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(v.size() * Float.BYTES);
        v.forEach(x -> b.putFloat(x.floatValue()));
        return b.array();
    }

    private static double number(Group g, String field, int i, PrimitiveType t) {
        return switch (t.getPrimitiveTypeName()) {
            case FLOAT -> g.getFloat(field, i);
            case DOUBLE -> g.getDouble(field, i);
            case INT32 -> g.getInteger(field, i);
            case INT64 -> g.getLong(field, i);
            default -> throw new IllegalArgumentException("a feature of type " + t.getPrimitiveTypeName() + " is not a number");
        };
    }

    /** A row's image as {@code channels x size x size} bytes: raw bytes of that length, or decoded and resized. */
    private static byte[] pixels(Path file, long row, byte[] image, Settings s, int bytes) throws IOException {
        if (s.raw()) {
            if (image.length != bytes) {
                throw new DataException(file, "row " + row + ": its image has " + image.length + " bytes, raw images of "
                        + s.channels() + "x" + s.size() + "x" + s.size() + " have " + bytes + " (data.image_format = raw)");
            }
            return image;
        }
        java.awt.image.BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(image));
        } catch (IOException e) {
            img = null;
        }
        if (img == null) {
            throw new DataException(file, "row " + row + ": its image is not a PNG or JPEG the JVM can decode ("
                    + image.length + " bytes; raw pixels need data.image_format = raw)");
        }
        return ImageFolder.resizeCrop(img, s.size(), s.channels());
    }

    /** One set's cache files being written: pixels streamed to disk, labels kept. */
    private static final class Writer implements AutoCloseable {
        private final OutputStream pixels;
        private final Path labelsFile;
        private int[] labels = new int[1024];
        private int rows;

        Writer(Path dir, String set) throws IOException {
            this.pixels = new BufferedOutputStream(Files.newOutputStream(dir.resolve(set + ".pixels")), 1 << 20);
            this.labelsFile = dir.resolve(set + ".labels");
        }

        void add(byte[] image, int label) throws IOException {
            pixels.write(image);
            if (rows == labels.length) {
                labels = Arrays.copyOf(labels, rows * 2);
            }
            labels[rows++] = label;
        }

        @Override
        public void close() throws IOException {
            pixels.close();
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(rows * Integer.BYTES);
            b.asIntBuffer().put(labels, 0, rows);
            Files.write(labelsFile, b.array());
        }
    }

    private static Dataset open(Path cache, String set, Settings s, int classes) throws IOException {
        java.nio.IntBuffer ib = java.nio.ByteBuffer.wrap(Files.readAllBytes(cache.resolve(set + ".labels"))).asIntBuffer();
        int[] labels = new int[ib.remaining()];
        ib.get(labels);
        String[] shape = Files.readString(cache.resolve("shape")).trim().split(" ");
        int channels = Integer.parseInt(shape[0]);
        int side = Integer.parseInt(shape[1]);
        Path file = cache.resolve(set + ".pixels");
        boolean heap = Files.size(file) <= memoryBudget();
        Pixels px;
        if (s.features()) {
            if (heap) {
                java.nio.FloatBuffer fb = java.nio.ByteBuffer.wrap(Files.readAllBytes(file)).asFloatBuffer();
                float[] v = new float[fb.remaining()];
                fb.get(v);
                px = Pixels.floats(v);
            } else {
                px = Pixels.mappedFloats(file);
            }
        } else {
            px = heap ? Pixels.of(Files.readAllBytes(file)) : Pixels.mapped(file);
        }
        return new Dataset(NAME + ":" + set, channels, side, side, classes, px, labels);
    }
}
