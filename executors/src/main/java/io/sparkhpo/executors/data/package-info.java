/**
 * Data sets: the registry ({@link io.sparkhpo.executors.data.DataSets}, each
 * {@link io.sparkhpo.executors.data.DataSetType}'s keys, loader and download), the loaders for the CIFAR-10 and
 * CIFAR-100 binary formats, the IDX files of Fashion-MNIST and MNIST and image folders (with strict checks that name
 * the file and what is wrong), the official downloaders with MD5 checks, a per-JVM cache so an executor loads each
 * data set once, and {@link io.sparkhpo.executors.data.Batches}: seeded shuffling, augmentation (random crop with
 * padding, horizontal flip) and per-channel normalization, independent of any engine.
 */
package io.sparkhpo.executors.data;
