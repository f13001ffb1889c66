package io.sparkhpo.executors.train.djl;

import ai.djl.nn.Parameter;
import io.sparkhpo.executors.model.Layer;

import java.util.List;
import java.util.function.IntConsumer;

/**
 * SWA's BatchNorm recompute for the libtorch engine: cumulative averages of BatchNorm's batch statistics. Each
 * training-mode forward pass moves the running statistics by PyTorch's momentum m (running = (1 − m)·running +
 * m·batch); the batch's own statistics are (new − (1 − m)·old)/m, and their mean over the batches becomes the running
 * statistics, as {@code torch.optim.swa_utils.update_bn} computes them.
 */
final class BatchNormStatistics {

    private static final double M = Layer.BN_MOMENTUM;

    private BatchNormStatistics() {
    }

    /** Recomputes {@code statistics} over {@code batches} training-mode passes, {@code forward} running pass k. */
    static void recompute(List<Parameter> statistics, TorchVectors ops, int batches, IntConsumer forward) {
        float[][] sums = new float[statistics.size()][];
        for (int k = 0; k < batches; k++) {
            float[][] before = new float[statistics.size()][];
            for (int s = 0; s < statistics.size(); s++) {
                before[s] = ops.toHost(statistics.get(s).getArray());
            }
            forward.accept(k);
            for (int s = 0; s < statistics.size(); s++) {
                float[] after = ops.toHost(statistics.get(s).getArray());
                if (sums[s] == null) {
                    sums[s] = new float[after.length];
                }
                for (int i = 0; i < after.length; i++) {
                    sums[s][i] += (float) ((after[i] - (1 - M) * before[s][i]) / M);
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
