package io.sparkhpo.executors.train;

import java.io.Serializable;

/**
 * One trained and evaluated epoch.
 *
 * @param epoch        0-based epoch index
 * @param lr           learning rate at the epoch's first step
 * @param weightDecay  λ applied at the epoch's first step (normalized weight decay varies with restarts)
 * @param trainLoss    mean cross-entropy over the epoch's training batches, as PyTorch training loops report it:
 *                     in training mode, on augmented batches, while the weights change
 * @param trainError   fraction of the epoch's training examples misclassified, measured the same way
 * @param testLoss     mean cross-entropy on the test set, in inference mode after the epoch
 * @param testError    fraction of the test set misclassified after the epoch
 * @param gradNormMean mean over the epoch's steps of the gradient's global 2-norm before clipping
 * @param gradNormMax  its largest value in the epoch
 * @param seconds      wall time of the epoch: training and evaluation
 */
public record EpochMetrics(int epoch, double lr, double weightDecay, double trainLoss, double trainError,
                           double testLoss, double testError, double gradNormMean, double gradNormMax,
                           double seconds) implements Serializable {
}
