package io.sparkhpo.executors.train;

import java.io.Serializable;

/**
 * Loss and error of a model on a data set, in inference mode.
 *
 * @param meanLoss  mean cross-entropy
 * @param errorRate fraction misclassified
 * @param examples  examples evaluated
 */
public record Evaluation(double meanLoss, double errorRate, long examples) implements Serializable {
}
