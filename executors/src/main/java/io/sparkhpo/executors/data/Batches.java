package io.sparkhpo.executors.data;

import java.util.SplittableRandom;

/**
 * Minibatches of a {@link Dataset}, reproducible by position: batch {@code (epoch, index)} depends only on
 * the data, the settings and the seed, so a trial resumed at an epoch boundary sees exactly the batches an
 * uninterrupted one would.
 *
 * <ul>
 *   <li>Order: with {@code shuffle}, a permutation seeded by {@code (seed, epoch)}; otherwise the data's order.
 *       The last batch may be smaller (PyTorch's {@code drop_last=False}).</li>
 *   <li>Augmentation (training only): zero-pad by {@code padding} pixels, crop back to the original size at a
 *       random offset, then flip horizontally with probability 1/2, as torchvision's
 *       {@code RandomCrop(32, padding=4)} and {@code RandomHorizontalFlip()}, on raw pixels before
 *       normalization; random numbers are seeded by {@code (seed, epoch, index)}.</li>
 *   <li>Normalization: {@link Normalization#apply}.</li>
 * </ul>
 * Thread-safe: each call builds its own arrays.
 */
public final class Batches {

    private final Dataset data;
    private final int batchSize;
    private final Normalization norm;
    private final int padding;
    private final boolean flip;
    private final boolean shuffle;
    private final long seed;
    /** The last epoch's permutation: computing it is O(size), and an epoch asks for it once per batch. */
    private volatile EpochOrder lastOrder;

    private record EpochOrder(int epoch, int[] order) {
    }

    private Batches(Dataset data, int batchSize, Normalization norm, int padding, boolean flip, boolean shuffle, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("Batches.batchSize must be >= 1, got " + batchSize);
        }
        if (norm.mean().length != data.channels()) {
            throw new IllegalArgumentException("Batches: normalization has " + norm.mean().length + " channels, data has "
                    + data.channels());
        }
        this.data = data;
        this.batchSize = batchSize;
        this.norm = norm;
        this.padding = padding;
        this.flip = flip;
        this.shuffle = shuffle;
        this.seed = seed;
    }

    /** Shuffled training batches, augmented (crop with {@code padding}, flip) when {@code augment}. */
    public static Batches training(Dataset data, int batchSize, Normalization norm, boolean augment, int padding, long seed) {
        return new Batches(data, batchSize, norm, augment ? padding : 0, augment, true, seed);
    }

    /** Evaluation batches: data order, no augmentation. */
    public static Batches evaluation(Dataset data, int batchSize, Normalization norm) {
        return new Batches(data, batchSize, norm, 0, false, false, 0);
    }

    public int count() {
        return (data.size() + batchSize - 1) / batchSize;
    }

    public int examples() {
        return data.size();
    }

    public Dataset data() {
        return data;
    }

    /** Batch {@code index} (0-based) of epoch {@code epoch} (0-based). */
    public Batch get(int epoch, int index) {
        if (index < 0 || index >= count()) {
            throw new IndexOutOfBoundsException("batch " + index + " of " + count());
        }
        int[] order = shuffle ? order(epoch) : null;
        int start = index * batchSize;
        int n = Math.min(batchSize, data.size() - start);
        int c = data.channels();
        int h = data.height();
        int w = data.width();
        float[] x = new float[n * c * h * w];
        int[] y = new int[n];
        SplittableRandom rng = new SplittableRandom(mix(mix(seed, epoch), index + 1L));
        for (int k = 0; k < n; k++) {
            int i = order == null ? start + k : order[start + k];
            y[k] = data.label(i);
            int dy = 0;
            int dx = 0;
            boolean mirror = false;
            if (padding > 0) {
                dy = rng.nextInt(2 * padding + 1) - padding;
                dx = rng.nextInt(2 * padding + 1) - padding;
            }
            if (flip) {
                mirror = rng.nextBoolean();
            }
            writeImage(x, k, i, dy, dx, mirror);
        }
        return new Batch(x, y, n, c, h, w);
    }

    private int[] order(int epoch) {
        EpochOrder cached = lastOrder;
        if (cached == null || cached.epoch() != epoch) {
            cached = new EpochOrder(epoch, Dataset.permutation(data.size(), mix(seed, epoch)));
            lastOrder = cached;
        }
        return cached.order();
    }

    /** Output pixel (yy, xx) reads source pixel (yy + dy, xx + dx) of the (possibly mirrored) image, 0 outside. */
    private void writeImage(float[] x, int k, int i, int dy, int dx, boolean mirror) {
        int c = data.channels();
        int h = data.height();
        int w = data.width();
        int base = k * c * h * w;
        for (int ch = 0; ch < c; ch++) {
            float zero = norm.apply(ch, 0);
            for (int yy = 0; yy < h; yy++) {
                int sy = yy + dy;
                for (int xx = 0; xx < w; xx++) {
                    int cx = mirror ? w - 1 - xx : xx;
                    int sx = cx + dx;
                    float v = (sy < 0 || sy >= h || sx < 0 || sx >= w) ? zero : data.features()
                            ? norm.applyValue(ch, data.value(i, ch, sy, sx)) : norm.apply(ch, data.pixel(i, ch, sy, sx));
                    x[base + (ch * h + yy) * w + xx] = v;
                }
            }
        }
    }

    private static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
