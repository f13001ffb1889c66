package io.sparkhpo.executors.data;

/**
 * One minibatch, engine-neutral: {@code size} images as float32 in NCHW order and their labels.
 *
 * @param features {@code size * channels * height * width} values
 * @param labels   {@code size} class indices
 */
public record Batch(float[] features, int[] labels, int size, int channels, int height, int width) {
    public Batch {
        if (labels.length != size || features.length != (long) size * channels * height * width) {
            throw new IllegalArgumentException("Batch: " + features.length + " features and " + labels.length
                    + " labels do not make " + size + " images of " + channels + "x" + height + "x" + width);
        }
    }
}
