/**
 * The libtorch engine ({@code engine = djl}): the CIFAR ResNet-18 as DJL blocks on PyTorch's native library
 * (from the {@code pytorch-native-cpu} Maven artifact, offline). libtorch computes losses and gradients, and runs
 * the shared update ({@code io.sparkhpo.executors.optim.Update}) as its own in-place operations on the device the
 * parameters are on ({@code TorchVectors}), so both engines apply identical rules, decay and clipping and a step
 * moves only its batch, labels and a few scalars. libtorch allows one gradient collector per JVM: training steps of concurrent trials in one JVM take
 * turns (give each executor one trial at a time; libtorch already uses every core it is given).
 */
package io.sparkhpo.executors.train.djl;
