/**
 * {@code sparkhpo bench}: training and inference throughput of the CIFAR ResNet-18 for each of our engines and
 * for PyTorch (Debian's python3-torch, run as a subprocess with the same thread count), measured in one run on
 * the same machine, with the ratios.
 */
package io.sparkhpo.driver.bench;
