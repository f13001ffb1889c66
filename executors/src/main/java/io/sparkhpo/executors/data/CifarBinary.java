package io.sparkhpo.executors.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary format of CIFAR-10 and CIFAR-100 (https://www.cs.toronto.edu/~kriz/cifar.html): files of fixed-size
 * records, each {@code labelBytes} label bytes then 3,072 pixel bytes, the red, green and blue 32x32 planes in
 * row-major order. Smaller files than the official ones are accepted (tests make them), but every file must hold a
 * whole number of records, at least one, and every label must be below its class count.
 *
 * @param what       the data set's name, for messages
 * @param labelBytes label bytes per record (CIFAR-10: 1; CIFAR-100: 2, coarse then fine)
 * @param label      which label byte this reading takes
 * @param classes    that label's classes
 */
record CifarBinary(String what, int labelBytes, int label, int classes) {

    static final int CHANNELS = 3;
    static final int SIDE = 32;
    static final int IMAGE_BYTES = CHANNELS * SIDE * SIDE;

    int recordBytes() {
        return labelBytes + IMAGE_BYTES;
    }

    /** The records of {@code files}, in order, as one data set named {@code name}. */
    Dataset read(String name, List<Path> files) {
        List<byte[]> parts = new ArrayList<>();
        for (Path f : files) {
            parts.add(records(f));
        }
        int n = parts.stream().mapToInt(p -> p.length / recordBytes()).sum();
        byte[] pixels = new byte[n * IMAGE_BYTES];
        int[] labels = new int[n];
        int r = 0;
        for (byte[] p : parts) {
            for (int k = 0; k < p.length / recordBytes(); k++, r++) {
                labels[r] = p[k * recordBytes() + label] & 0xFF;
                System.arraycopy(p, k * recordBytes() + labelBytes, pixels, r * IMAGE_BYTES, IMAGE_BYTES);
            }
        }
        return new Dataset(name, CHANNELS, SIDE, SIDE, classes, pixels, labels);
    }

    /** Reads and checks one file; returns its raw records. */
    byte[] records(Path file) {
        if (!Files.exists(file)) {
            throw new DataException(file, "missing " + what + " file " + file.getFileName() + " (in " + file.getParent() + ")");
        }
        byte[] data;
        try (InputStream in = Files.newInputStream(file)) {
            data = in.readAllBytes();
        } catch (IOException e) {
            throw new DataException(file, "cannot read: " + e.getMessage(), e);
        }
        int rb = recordBytes();
        if (data.length == 0) {
            throw new DataException(file, "empty file; a " + what + " file holds " + rb + "-byte records");
        }
        if (data.length % rb != 0) {
            throw new DataException(file, "truncated or corrupt: " + data.length + " bytes is not a whole number of "
                    + rb + "-byte records (" + data.length / rb + " records and " + data.length % rb + " bytes over)");
        }
        for (int r = 0; r < data.length / rb; r++) {
            int v = data[r * rb + label] & 0xFF;
            if (v >= classes) {
                throw new DataException(file, "corrupt: record " + r + " has label " + v + ", " + what + " labels are 0.."
                        + (classes - 1));
            }
        }
        return data;
    }
}
