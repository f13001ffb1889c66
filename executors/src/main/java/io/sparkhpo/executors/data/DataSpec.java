package io.sparkhpo.executors.data;

import java.io.Serializable;
import java.util.Objects;

/**
 * What data a trial trains and tests on. Resolved by the driver: {@code path} is a folder that holds the data
 * set, and the sizes are concrete counts that the driver checked against it.
 *
 * @param name       {@value Cifar10#NAME} or {@value FashionMnist#NAME}
 * @param path       absolute folder holding the files
 * @param trainSize  how many training examples to use (a seeded random subset when fewer than all)
 * @param testSize   how many test examples to use (likewise)
 * @param subsetSeed the seed of the subsets' shuffle
 * @param augment    random crop with 4-pixel zero padding and horizontal flip on training batches
 * @param normalize  subtract the training set's per-channel mean and divide by its standard deviation
 */
public record DataSpec(String name, String path, int trainSize, int testSize, long subsetSeed, boolean augment,
                       boolean normalize) implements Serializable {

    public DataSpec {
        if (!DataSets.NAMES.contains(name)) {
            throw new IllegalArgumentException("DataSpec.name must be one of " + DataSets.NAMES + ", got " + name);
        }
        Objects.requireNonNull(path, "DataSpec.path");
        if (trainSize < 1 || testSize < 1) {
            throw new IllegalArgumentException("DataSpec sizes must be >= 1, got train=" + trainSize + ", test=" + testSize);
        }
    }

    /** Padding of the random crop when {@link #augment} is on, as in the CIFAR ResNet papers. */
    public static final int CROP_PADDING = 4;
}
