package io.sparkhpo.executors.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Xiao et al. 2017, https://github.com/zalandoresearch/fashion-mnist): 60,000 training and
 * 10,000 test images of 28x28 grey pixels in 10 classes, as four IDX files, gzip-compressed or raw. Debian's
 * package {@code dataset-fashion-mnist} installs them under {@value #DEBIAN_DIR}.
 */
public final class FashionMnist {

    public static final String NAME = "fashion-mnist";
    public static final String DEBIAN_DIR = "/usr/share/datasets/fashion-mnist";
    public static final int SIDE = 28;
    public static final int CLASSES = 10;
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    public static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    private FashionMnist() {
    }

    /** Whether {@code dir} holds all four files (each raw or {@code .gz}). */
    public static boolean present(Path dir) {
        return FILES.stream().allMatch(f -> Files.isRegularFile(dir.resolve(f)) || Files.isRegularFile(dir.resolve(f + ".gz")));
    }

    /** Loads the four files from {@code dir}; {@code NAME.gz} is preferred to {@code NAME} when both exist. */
    public static DataSplit load(Path dir) {
        return load(dir, NAME);
    }

    /**
     * Loads the four IDX files of an MNIST-like data set (Fashion-MNIST, MNIST: the same file names, 28x28 grey
     * images, 10 classes) named {@code name}.
     */
    static DataSplit load(Path dir, String name) {
        return new DataSplit(read(dir, name, TRAIN_IMAGES, TRAIN_LABELS), read(dir, name, TEST_IMAGES, TEST_LABELS));
    }

    private static Dataset read(Path dir, String name, String imagesName, String labelsName) {
        Path imagesFile = locate(dir, imagesName);
        Path labelsFile = locate(dir, labelsName);
        Idx.Array images = Idx.read(imagesFile, 3);
        Idx.Array labels = Idx.read(labelsFile, 1);
        if (images.dims()[1] != SIDE || images.dims()[2] != SIDE) {
            throw new DataException(imagesFile, "images are " + images.dims()[1] + "x" + images.dims()[2]
                    + ", " + name + "'s are " + SIDE + "x" + SIDE);
        }
        if (images.dims()[0] != labels.dims()[0]) {
            throw new DataException(labelsFile, labels.dims()[0] + " labels for the " + images.dims()[0] + " images in "
                    + imagesFile.getFileName());
        }
        byte[] lb = labels.data();
        for (int i = 0; i < lb.length; i++) {
            if ((lb[i] & 0xFF) >= CLASSES) {
                throw new DataException(labelsFile, "corrupt: label " + i + " is " + (lb[i] & 0xFF) + ", labels are 0..9");
            }
        }
        return new Dataset(name, 1, SIDE, SIDE, CLASSES, images.data(), lb);
    }

    private static Path locate(Path dir, String name) {
        Path gz = dir.resolve(name + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path raw = dir.resolve(name);
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        throw new DataException(gz, "missing IDX file (neither " + name + ".gz nor " + name + " is in " + dir + ")");
    }
}
