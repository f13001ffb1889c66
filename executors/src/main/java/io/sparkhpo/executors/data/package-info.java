/**
 * Data sets: loaders for the CIFAR-10 binary format and Fashion-MNIST's IDX files (with strict checks that
 * name the file and what is wrong), the official downloaders with MD5 checks, a per-JVM cache so an executor
 * loads each data set once, and {@link io.sparkhpo.executors.data.Batches}: seeded shuffling, augmentation
 * (random crop with padding, horizontal flip) and per-channel normalization, independent of any engine.
 */
package io.sparkhpo.executors.data;
