/**
 * The Deeplearning4j engine ({@code engine = dl4j}, the default): the CIFAR ResNet-18 as a DL4J
 * {@code ComputationGraph}, the optimizer and weight-decay adapter, and the training session.
 *
 * <p>Weight decay is attached to each layer, never network-wide: DL4J attaches network-wide {@code WeightDecay}
 * to each layer twice ({@code LayerValidation.configureBaseLayer} de-duplicates only L1/L2), which would apply
 * it at double strength. BatchNorm's γ and β are decayed too, as PyTorch's {@code model.parameters()} does
 * (DL4J's own BatchNorm never regularizes them).
 */
package io.sparkhpo.executors.train.dl4j;
