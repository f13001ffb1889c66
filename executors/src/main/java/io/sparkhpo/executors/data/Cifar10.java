package io.sparkhpo.executors.data;

import java.nio.file.Files;
import java.nio.file.Path;
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
    static final CifarBinary FORMAT = new CifarBinary("CIFAR-10", 1, 0, CLASSES);
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
        return new DataSplit(FORMAT.read(NAME, TRAIN_FILES.stream().map(d::resolve).toList()),
                FORMAT.read(NAME, List.of(d.resolve(TEST_FILE))));
    }

    static Path batchesDir(Path dir) {
        Path nested = dir.resolve(ARCHIVE_FOLDER);
        return Files.isDirectory(nested) ? nested : dir;
    }
}
