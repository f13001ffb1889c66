package io.sparkhpo.executors.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Writes data files in the exact CIFAR-10 binary and IDX formats, with a learnable synthetic signal: class k's
 * images are brighter by 19 k grey levels, plus noise. Shared with the driver's tests (test-jar).
 */
public final class TestData {

    private TestData() {
    }

    /** CIFAR-10 binary batches: five training files of {@code perTrainFile} records and a test file of {@code test}. */
    public static Path writeCifar10(Path dir, int perTrainFile, int test, long seed) throws IOException {
        Files.createDirectories(dir);
        Random rng = new Random(seed);
        for (String f : Cifar10.TRAIN_FILES) {
            Files.write(dir.resolve(f), cifarRecords(perTrainFile, rng));
        }
        Files.write(dir.resolve(Cifar10.TEST_FILE), cifarRecords(test, rng));
        return dir;
    }

    /** {@code n} CIFAR-10 records: label byte, then red, green and blue 32x32 planes. */
    public static byte[] cifarRecords(int n, Random rng) {
        byte[] out = new byte[n * Cifar10.RECORD_BYTES];
        for (int r = 0; r < n; r++) {
            int label = rng.nextInt(Cifar10.CLASSES);
            int base = r * Cifar10.RECORD_BYTES;
            out[base] = (byte) label;
            byte[] img = image(label, Cifar10.CHANNELS, Cifar10.SIDE, rng);
            System.arraycopy(img, 0, out, base + 1, img.length);
        }
        return out;
    }

    /** Fashion-MNIST-shaped IDX files with {@code train} and {@code test} images. */
    public static Path writeFashionMnist(Path dir, int train, int test, boolean gzip, long seed) throws IOException {
        Files.createDirectories(dir);
        Random rng = new Random(seed);
        writeIdxPair(dir, FashionMnist.TRAIN_IMAGES, FashionMnist.TRAIN_LABELS, train, gzip, rng);
        writeIdxPair(dir, FashionMnist.TEST_IMAGES, FashionMnist.TEST_LABELS, test, gzip, rng);
        return dir;
    }

    private static void writeIdxPair(Path dir, String images, String labels, int n, boolean gzip, Random rng)
            throws IOException {
        int side = FashionMnist.SIDE;
        byte[] px = new byte[n * side * side];
        byte[] lb = new byte[n];
        for (int i = 0; i < n; i++) {
            lb[i] = (byte) rng.nextInt(FashionMnist.CLASSES);
            System.arraycopy(image(lb[i], 1, side, rng), 0, px, i * side * side, side * side);
        }
        String ext = gzip ? ".gz" : "";
        Files.write(dir.resolve(images + ext), idx(new int[]{n, side, side}, px, gzip));
        Files.write(dir.resolve(labels + ext), idx(new int[]{n}, lb, gzip));
    }

    /** An IDX file of unsigned bytes: magic {@code 0x000008D}, dimensions, data; gzip-compressed if asked. */
    public static byte[] idx(int[] dims, byte[] data, boolean gzip) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream sink = gzip ? new GZIPOutputStream(bytes) : bytes; DataOutputStream out = new DataOutputStream(sink)) {
            out.writeInt(0x0800 | dims.length);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
        }
        return bytes.toByteArray();
    }

    /** Class {@code k} is noise in 0..59 plus {@code 19 k}: brightness carries the label, crops and flips keep it. */
    static byte[] image(int label, int channels, int side, Random rng) {
        byte[] img = new byte[channels * side * side];
        for (int i = 0; i < img.length; i++) {
            img[i] = (byte) (rng.nextInt(60) + 19 * label);
        }
        return img;
    }

    /** {@code n} random 3-channel {@code side}x{@code side} images with random labels of 10 classes. */
    public static Dataset randomImages(int n, int side, long seed) {
        Random rng = new Random(seed);
        byte[] pixels = new byte[n * 3 * side * side];
        rng.nextBytes(pixels);
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) rng.nextInt(10);
        }
        return new Dataset("random", 3, side, side, 10, pixels, labels);
    }
}
