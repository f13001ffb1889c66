package io.sparkhpo.executors.train;

import java.io.Serializable;

/**
 * Stochastic weight averaging (Izmailov et al. 2018): from epoch {@code startEpoch} (0-based) on, the trainable
 * weights after each epoch are averaged; after the last epoch the average is loaded, BatchNorm statistics are
 * recomputed over the training data (as torch.optim.swa_utils.update_bn: a cumulative average), and the averaged
 * model is evaluated. The learning rate keeps following the trial's schedule.
 */
public record SwaSpec(int startEpoch) implements Serializable {
    public SwaSpec {
        if (startEpoch < 0) {
            throw new IllegalArgumentException("swa start_epoch must be >= 0, got " + startEpoch);
        }
    }
}
