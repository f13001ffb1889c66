package io.sparkhpo.executors.train;

/** A running mean of weight vectors (SWA's average), in float64. */
final class WeightAverage {

    private double[] sum;
    private int count;

    void add(float[] w) {
        if (sum == null) {
            sum = new double[w.length];
        }
        if (w.length != sum.length) {
            throw new IllegalArgumentException("weights have " + w.length + " elements, the average " + sum.length);
        }
        for (int i = 0; i < w.length; i++) {
            sum[i] += w[i];
        }
        count++;
    }

    int count() {
        return count;
    }

    /** The running sum (null before the first weights), for checkpoints. */
    double[] sum() {
        return sum;
    }

    /** Continues from a checkpoint's sum and count. */
    void restore(double[] sum, int count) {
        this.sum = sum;
        this.count = count;
    }

    float[] mean() {
        if (count == 0) {
            throw new IllegalStateException("no weights averaged");
        }
        float[] out = new float[sum.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (sum[i] / count);
        }
        return out;
    }
}
