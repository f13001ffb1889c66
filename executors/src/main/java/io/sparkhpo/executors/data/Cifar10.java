package io.sparkhpo.executors.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The CIFAR-10 binary format (https://www.cs.toronto.edu/~kriz/cifar.html): files {@code data_batch_1.bin} ..
 * {@code data_batch_5.bin} and {@code test_batch.bin}, each a sequence of 3,073-byte records: one label byte
 * (0..9) then 3,072 pixel bytes, the red, green and blue 32x32 planes in row-major order.
 *
 * <p>The official files hold 10,000 records each; smaller files in the same format are accepted (tests make
 * them), but every file must hold a whole number of records, at least one.
 */
public final class Cifar10 {

    public static final String NAME = "cifar10";
    public static final int CHANNELS = 3;
    public static final int SIDE = 32;
    public static final int CLASSES = 10;
    public static final int RECORD_BYTES = 1 + CHANNELS * SIDE * SIDE;
    public static final List<String> TRAIN_FILES = List.of("data_batch_1.bin", "data_batch_2.bin",
            "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    public static final String TEST_FILE = "test_batch.bin";
    /** The folder the official archive unpacks to. */
    public static final String ARCHIVE_FOLDER = "cifar-10-batches-bin";

    private Cifar10() {
    }

    /** Whether {@code dir} (or its {@value #ARCHIVE_FOLDER} sub-folder) holds all six batch files. */
    public static boolean present(Path dir) {
        Path d = batchesDir(dir);
        return TRAIN_FILES.stream().allMatch(f -> Files.isRegularFile(d.resolve(f)))
                && Files.isRegularFile(d.resolve(TEST_FILE));
    }

    /**
     * Loads the six batch files from {@code dir} or from its {@value #ARCHIVE_FOLDER} sub-folder.
     *
     * @throws DataException naming the missing, truncated or corrupt file
     */
    public static DataSplit load(Path dir) {
        Path d = batchesDir(dir);
        List<byte[]> trainParts = new ArrayList<>();
        for (String f : TRAIN_FILES) {
            trainParts.add(readBatch(d.resolve(f)));
        }
        return new DataSplit(toDataset(concat(trainParts)), toDataset(readBatch(d.resolve(TEST_FILE))));
    }

    static Path batchesDir(Path dir) {
        Path nested = dir.resolve(ARCHIVE_FOLDER);
        return Files.isDirectory(nested) ? nested : dir;
    }

    /** Reads and checks one batch file; returns its raw records. */
    static byte[] readBatch(Path file) {
        if (!Files.exists(file)) {
            throw new DataException(file, "missing CIFAR-10 batch file (expected " + TRAIN_FILES + " and " + TEST_FILE
                    + " in " + file.getParent() + ")");
        }
        byte[] data;
        try (InputStream in = Files.newInputStream(file)) {
            data = in.readAllBytes();
        } catch (IOException e) {
            throw new DataException(file, "cannot read: " + e.getMessage(), e);
        }
        if (data.length == 0) {
            throw new DataException(file, "empty file; a CIFAR-10 batch holds 3073-byte records");
        }
        if (data.length % RECORD_BYTES != 0) {
            throw new DataException(file, "truncated or corrupt: " + data.length + " bytes is not a whole number of "
                    + RECORD_BYTES + "-byte records (" + data.length / RECORD_BYTES + " records and "
                    + data.length % RECORD_BYTES + " bytes over)");
        }
        for (int r = 0; r < data.length / RECORD_BYTES; r++) {
            int label = data[r * RECORD_BYTES] & 0xFF;
            if (label >= CLASSES) {
                throw new DataException(file, "corrupt: record " + r + " has label " + label + ", CIFAR-10 labels are 0..9");
            }
        }
        return data;
    }

    private static byte[] concat(List<byte[]> parts) {
        int n = parts.stream().mapToInt(p -> p.length).sum();
        byte[] all = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, off, p.length);
            off += p.length;
        }
        return all;
    }

    private static Dataset toDataset(byte[] records) {
        int n = records.length / RECORD_BYTES;
        int img = RECORD_BYTES - 1;
        byte[] pixels = new byte[n * img];
        byte[] labels = new byte[n];
        for (int r = 0; r < n; r++) {
            labels[r] = records[r * RECORD_BYTES];
            System.arraycopy(records, r * RECORD_BYTES + 1, pixels, r * img, img);
        }
        return new Dataset(NAME, CHANNELS, SIDE, SIDE, CLASSES, pixels, labels);
    }
}
