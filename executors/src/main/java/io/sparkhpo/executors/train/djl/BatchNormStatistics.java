package io.sparkhpo.executors.train.djl;

import ai.djl.nn.Parameter;
import io.sparkhpo.executors.model.Layer;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * SWA's BatchNorm recompute for the libtorch engine: cumulative averages of BatchNorm's batch statistics. Each
 * training-mode forward pass moves the running statistics by a momentum m (running = (1 − m)·running + m·batch); the
 * batch's own statistics are (new − (1 − m)·old)/m, and their mean over the batches becomes the running statistics,
 * as {@code torch.optim.swa_utils.update_bn} computes them. A built-in network's m is PyTorch's default
 * ({@link Layer#BN_MOMENTUM}); a TorchScript module's layers may set their own, so it is measured
 * ({@link #measureMomenta}).
 */
final class BatchNormStatistics {

    private BatchNormStatistics() {
    }

    /** PyTorch's default momentum for each of {@code count} statistics (the built-in networks'). */
    static double[] momenta(int count) {
        double[] m = new double[count];
        Arrays.fill(m, Layer.BN_MOMENTUM);
        return m;
    }

    /**
     * Each statistic's momentum, from two training-mode passes of one batch: from running statistics of 0 a pass
     * leaves m·batch, from 1 it leaves (1 − m) + m·batch (the batch's statistics do not depend on the running ones in
     * training mode), so m = 1 − (second − first), averaged over the tensor. The statistics are put back after.
     */
    static double[] measureMomenta(List<Parameter> statistics, TorchVectors ops, Runnable pass) {
        float[][] kept = host(statistics, ops);
        float[][] fromZero = after(statistics, ops, 0f, pass);
        float[][] fromOne = after(statistics, ops, 1f, pass);
        double[] m = new double[statistics.size()];
        for (int s = 0; s < m.length; s++) {
            double sum = 0;
            for (int i = 0; i < fromZero[s].length; i++) {
                sum += 1 - ((double) fromOne[s][i] - fromZero[s][i]);
            }
            m[s] = sum / fromZero[s].length;
            if (!(m[s] > 1e-6 && m[s] <= 1 + 1e-6)) {
                throw new IllegalStateException("a BatchNorm layer's running statistics did not move by a momentum in "
                        + "(0, 1] in a training-mode pass (measured " + m[s] + "): SWA cannot recompute them");
            }
            ops.fromHost(statistics.get(s).getArray(), kept[s], 0);
        }
        return m;
    }

    private static float[][] after(List<Parameter> statistics, TorchVectors ops, float start, Runnable pass) {
        for (Parameter p : statistics) {
            float[] v = new float[Math.toIntExact(p.getArray().size())];
            Arrays.fill(v, start);
            ops.fromHost(p.getArray(), v, 0);
        }
        pass.run();
        return host(statistics, ops);
    }

    private static float[][] host(List<Parameter> statistics, TorchVectors ops) {
        float[][] out = new float[statistics.size()][];
        for (int s = 0; s < out.length; s++) {
            out[s] = ops.toHost(statistics.get(s).getArray());
        }
        return out;
    }

    /** Recomputes {@code statistics} over {@code batches} training-mode passes, {@code forward} running pass k. */
    static void recompute(List<Parameter> statistics, TorchVectors ops, int batches, IntConsumer forward,
                          double[] momenta) {
        float[][] sums = new float[statistics.size()][];
        for (int k = 0; k < batches; k++) {
            float[][] before = host(statistics, ops);
            forward.accept(k);
            for (int s = 0; s < statistics.size(); s++) {
                float[] after = ops.toHost(statistics.get(s).getArray());
                double m = momenta[s];
                if (sums[s] == null) {
                    sums[s] = new float[after.length];
                }
                for (int i = 0; i < after.length; i++) {
                    sums[s][i] += (float) ((after[i] - (1 - m) * before[s][i]) / m);
                }
            }
        }
        for (int s = 0; s < statistics.size(); s++) {
            float[] mean = sums[s];
            for (int i = 0; i < mean.length; i++) {
                mean[i] /= batches;
            }
            ops.fromHost(statistics.get(s).getArray(), mean, 0);
        }
    }
}
