/**
 * The Deeplearning4j engine ({@code engine = dl4j}, the default): the CIFAR ResNet-18 as a DL4J
 * {@code ComputationGraph} and the training session. DL4J computes losses and gradients; the update is the
 * shared pure-function optimizer of {@code io.sparkhpo.executors.optim}, so weight decay never goes through
 * DL4J's regularization (whose network-wide {@code WeightDecay} is applied twice) and covers BatchNorm's γ and
 * β, as PyTorch's optimizers do.
 */
package io.sparkhpo.executors.train.dl4j;
