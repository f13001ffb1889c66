package io.sparkhpo.executors.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CIFAR-100's binary version (https://www.cs.toronto.edu/~kriz/cifar.html): {@code train.bin} (50,000 images) and
 * {@code test.bin} (10,000), optionally inside {@value #ARCHIVE_FOLDER}/; each record a coarse label (20
 * superclasses), a fine label (100 classes), then 3x32x32 pixels as in CIFAR-10. {@code data.labels} chooses which
 * label a trial learns.
 */
public final class Cifar100 {

    public static final String NAME = "cifar100";
    public static final String TRAIN_FILE = "train.bin";
    public static final String TEST_FILE = "test.bin";
    public static final String ARCHIVE_FOLDER = "cifar-100-binary";
    public static final int FINE = 100;
    public static final int COARSE = 20;
    public static final int RECORD_BYTES = 2 + CifarBinary.IMAGE_BYTES;

    private Cifar100() {
    }

    public static boolean present(Path dir) {
        Path d = filesDir(dir);
        return Files.isRegularFile(d.resolve(TRAIN_FILE)) && Files.isRegularFile(d.resolve(TEST_FILE));
    }

    /** @param fine the fine labels (100 classes), else the coarse ones (20) */
    public static DataSplit load(Path dir, boolean fine) {
        Path d = filesDir(dir);
        if (!present(dir)) {
            throw new DataException(d, "missing CIFAR-100 files (expected " + TRAIN_FILE + " and " + TEST_FILE + " in " + d + ")");
        }
        CifarBinary format = new CifarBinary("CIFAR-100", 2, fine ? 1 : 0, fine ? FINE : COARSE);
        return new DataSplit(format.read(NAME, List.of(d.resolve(TRAIN_FILE))), format.read(NAME, List.of(d.resolve(TEST_FILE))));
    }

    static Path filesDir(Path dir) {
        Path nested = dir.resolve(ARCHIVE_FOLDER);
        return Files.isDirectory(nested) ? nested : dir;
    }
}
