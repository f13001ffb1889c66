package io.sparkhpo.executors.data;

import java.util.Arrays;

/**
 * Per-channel affine map of pixels: {@code (pixel / 255 - mean[c]) / std[c]}, as torchvision's
 * {@code ToTensor} followed by {@code Normalize(mean, std)}.
 */
public record Normalization(float[] mean, float[] std) {

    public Normalization {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("Normalization: mean and std must have one entry per channel, got "
                    + mean.length + " and " + std.length);
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("Normalization.std must be > 0, got " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** Only the scaling to [0, 1]. */
    public static Normalization unit(int channels) {
        float[] zero = new float[channels];
        float[] one = new float[channels];
        Arrays.fill(one, 1f);
        return new Normalization(zero, one);
    }

    /** The training set's own per-channel statistics. */
    public static Normalization of(Dataset train) {
        double[][] stats = train.channelStats();
        float[] m = new float[stats[0].length];
        float[] s = new float[stats[0].length];
        for (int c = 0; c < m.length; c++) {
            m[c] = (float) stats[0][c];
            s[c] = (float) Math.max(stats[1][c], 1e-6);
        }
        return new Normalization(m, s);
    }

    public float apply(int channel, int pixel) {
        return (pixel / 255f - mean[channel]) / std[channel];
    }

    /** A float feature standardized: {@code (v − mean) / std}. */
    public float applyValue(int channel, float v) {
        return (v - mean[channel]) / std[channel];
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && Arrays.equals(n.mean, mean) && Arrays.equals(n.std, std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Normalization(mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ")";
    }
}
