package io.sparkhpo.executors.train;

/**
 * What a session measures while training one epoch.
 *
 * @param lr         learning rate in effect
 * @param meanLoss   mean data loss over the epoch's examples
 * @param errorRate  fraction of the epoch's training examples misclassified in the forward passes of training
 * @param examples   examples seen
 */
public record EpochStats(double lr, double meanLoss, double errorRate, long examples) {
}
