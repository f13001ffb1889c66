/**
 * The Deeplearning4j engine ({@code engine = dl4j}, the default): the CIFAR ResNet-18 as a DL4J
 * {@code ComputationGraph} and the training session. DL4J computes losses and gradients; the update is the
 * shared update of {@code io.sparkhpo.executors.optim}, run as ND4J's in-place operations on views of DL4J's
 * parameter and gradient vectors ({@code Nd4jVectors}), also inside DL4J's own training loop for data-parallel
 * retraining ({@code TrialUpdater}, {@code DecayAndClipping}, on Spark through {@code SparkDataParallel}), so
 * weight decay never goes through DL4J's regularization (whose network-wide {@code WeightDecay} is applied twice)
 * and covers BatchNorm's γ and β, as PyTorch's optimizers do.
 */
package io.sparkhpo.executors.train.dl4j;
