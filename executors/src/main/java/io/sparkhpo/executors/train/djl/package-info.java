/**
 * The libtorch engine ({@code engine = djl}): the CIFAR ResNet-18 as DJL blocks on PyTorch's native library
 * (from the {@code pytorch-native-cpu} Maven artifact, offline). libtorch computes losses and gradients; the
 * update is the same pure-function optimizer as the DL4J engine's, so both apply identical rules, decay and
 * clipping. libtorch allows one gradient collector per JVM: training steps of concurrent trials in one JVM take
 * turns (give each executor one trial at a time; libtorch already uses every core it is given).
 */
package io.sparkhpo.executors.train.djl;
