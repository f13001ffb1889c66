package io.sparkhpo.executors.train;

import java.io.Serializable;

/**
 * One trained and evaluated epoch.
 *
 * @param epoch      0-based epoch index
 * @param lr         learning rate in effect during the epoch
 * @param trainLoss  mean cross-entropy over the epoch's training batches (without the regularization term),
 *                   as PyTorch training loops report it: in training mode, on augmented batches, while the
 *                   weights change
 * @param trainError fraction of the epoch's training examples misclassified, measured the same way
 * @param testLoss   mean cross-entropy on the test set, in inference mode after the epoch
 * @param testError  fraction of the test set misclassified after the epoch
 * @param seconds    wall time of the epoch: training and evaluation
 */
public record EpochMetrics(int epoch, double lr, double trainLoss, double trainError, double testLoss,
                           double testError, double seconds) implements Serializable {
}
