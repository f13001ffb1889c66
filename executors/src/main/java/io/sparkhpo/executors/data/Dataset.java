package io.sparkhpo.executors.data;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Images and labels: {@code size} images of {@code channels x height x width} unsigned bytes in NCHW order (channel
 * planes one after another, as the CIFAR-10 binary format stores them), one label each, a class index in
 * {@code 0 .. classes − 1} (any number of classes). The pixels are on the heap or in a memory-mapped file
 * ({@link Pixels}); a subset is a view of its rows. Immutable once built; share freely between threads.
 */
public final class Dataset {

    private final String name;
    private final int channels;
    private final int height;
    private final int width;
    private final int classes;
    private final Pixels pixels;
    /** The rows of {@link #pixels} this data set is, in order; null: all of them. */
    private final int[] rows;
    private final int[] labels;
    /** {@link #channelStats()} when they were computed before and stored; null: computed when asked. */
    private final double[][] stats;

    /** Labels as unsigned bytes (the binary formats' one byte per label). */
    public Dataset(String name, int channels, int height, int width, int classes, byte[] pixels, byte[] labels) {
        this(name, channels, height, width, classes, pixels, unsigned(labels));
    }

    /** @throws IllegalArgumentException when a label is outside {@code 0 .. classes − 1} (naming the first) */
    public Dataset(String name, int channels, int height, int width, int classes, byte[] pixels, int[] labels) {
        this(name, channels, height, width, classes, Pixels.of(pixels), labels);
    }

    /** Pixels on the heap or mapped from a file; {@code labels} one per image. */
    public Dataset(String name, int channels, int height, int width, int classes, Pixels pixels, int[] labels) {
        this(name, channels, height, width, classes, pixels, null, labels);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("Dataset " + name + ": example " + i + " has label " + labels[i]
                        + ", labels are 0.." + (classes - 1));
            }
        }
    }

    private Dataset(String name, int channels, int height, int width, int classes, Pixels pixels, int[] rows, int[] labels) {
        this.name = Objects.requireNonNull(name);
        if (channels < 1 || height < 1 || width < 1 || classes < 2) {
            throw new IllegalArgumentException("Dataset " + name + ": bad shape " + channels + "x" + height + "x" + width
                    + " with " + classes + " classes");
        }
        if (rows == null && (long) labels.length * channels * height * width != pixels.length()) {
            throw new IllegalArgumentException("Dataset " + name + ": " + pixels.length() + " pixel bytes do not make "
                    + labels.length + " images of " + channels + "x" + height + "x" + width);
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.classes = classes;
        this.pixels = pixels;
        this.rows = rows;
        this.labels = labels;
        this.stats = null;
    }

    private Dataset(Dataset d, double[][] stats) {
        this.name = d.name;
        this.channels = d.channels;
        this.height = d.height;
        this.width = d.width;
        this.classes = d.classes;
        this.pixels = d.pixels;
        this.rows = d.rows;
        this.labels = d.labels;
        this.stats = stats;
    }

    /** The same data with its {@link #channelStats()} given (computed earlier and stored, e.g. beside a cache file). */
    public Dataset withChannelStats(double[][] stats) {
        if (stats.length != 2 || stats[0].length != channels || stats[1].length != channels) {
            throw new IllegalArgumentException("Dataset " + name + ": channel statistics for " + channels + " channels expected");
        }
        return new Dataset(this, new double[][]{stats[0].clone(), stats[1].clone()});
    }

    public String name() {
        return name;
    }

    public int size() {
        return labels.length;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int classes() {
        return classes;
    }

    public int imageBytes() {
        return channels * height * width;
    }

    public int label(int i) {
        return labels[i];
    }

    private static int[] unsigned(byte[] labels) {
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = labels[i] & 0xFF;
        }
        return out;
    }

    /** Pixel {@code (c, y, x)} of image {@code i}, in 0..255. */
    public int pixel(int i, int c, int y, int x) {
        long row = rows == null ? i : rows[i];
        return pixels.get(row * imageBytes() + (c * height + y) * width + x);
    }

    /** Whether it holds float features (each example a {@code features x 1 x 1} "image") rather than pixel bytes. */
    public boolean features() {
        return pixels.floats();
    }

    /** Feature {@code c} of example {@code i} (feature data sets: {@code y = x = 0}). */
    public float value(int i, int c, int y, int x) {
        long row = rows == null ? i : rows[i];
        return pixels.value(row * imageBytes() + (c * height + y) * width + x);
    }

    /** Whether its pixels are on the heap (else memory-mapped from a local file). */
    public boolean onHeap() {
        return pixels.onHeap();
    }

    /**
     * {@code n} examples drawn without replacement by a seeded shuffle (the same seed gives the same subset);
     * {@code n == size()} returns this data set unchanged.
     *
     * @throws IllegalArgumentException if {@code n < 1} or {@code n > size()}
     */
    public Dataset subset(int n, long seed) {
        if (n < 1 || n > size()) {
            throw new IllegalArgumentException("Dataset " + name + ": subset of " + n + " asked, it has " + size()
                    + " examples");
        }
        if (n == size()) {
            return this;
        }
        int[] order = permutation(size(), seed);
        int[] sub = new int[n];
        int[] lb = new int[n];
        for (int k = 0; k < n; k++) {
            sub[k] = rows == null ? order[k] : rows[order[k]];
            lb[k] = labels[order[k]];
        }
        return new Dataset(name, channels, height, width, classes, pixels, sub, lb);
    }

    /** Per-channel mean and standard deviation of pixel/255 over the whole set: {@code {means, stds}}. */
    public double[][] channelStats() {
        if (stats != null) {
            return new double[][]{stats[0].clone(), stats[1].clone()};
        }
        int plane = height * width;
        double[] sum = new double[channels];
        double[] sumSq = new double[channels];
        for (int i = 0; i < size(); i++) {
            long row = rows == null ? i : rows[i];
            for (int c = 0; c < channels; c++) {
                long base = row * imageBytes() + (long) c * plane;
                double s = 0;
                double ss = 0;
                for (int p = 0; p < plane; p++) {
                    double v = pixels.floats() ? pixels.value(base + p) : pixels.get(base + p) / 255.0;
                    s += v;
                    ss += v * v;
                }
                sum[c] += s;
                sumSq[c] += ss;
            }
        }
        double n = (double) size() * plane;
        double[] mean = new double[channels];
        double[] std = new double[channels];
        for (int c = 0; c < channels; c++) {
            mean[c] = sum[c] / n;
            std[c] = Math.sqrt(Math.max(0, sumSq[c] / n - mean[c] * mean[c]));
        }
        return new double[][]{mean, std};
    }

    /** Fisher-Yates permutation of 0..n-1 from a seeded {@link SplittableRandom} (same on every JVM). */
    static int[] permutation(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
