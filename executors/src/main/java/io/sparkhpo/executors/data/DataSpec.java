package io.sparkhpo.executors.data;

import java.io.Serializable;
import java.util.Objects;

/**
 * What data a trial trains and tests on. Resolved by the driver: {@code path} is a folder that holds the data
 * set, and the sizes are concrete counts that the driver checked against it.
 *
 * @param name       a {@link DataSets#NAMES} entry
 * @param path       absolute folder holding the files
 * @param trainSize  how many training examples to use (a seeded random subset when fewer than all)
 * @param testSize   how many test examples to use (likewise)
 * @param subsetSeed the seed of the subsets' shuffle
 * @param augment    random crop with 4-pixel zero padding and horizontal flip on training batches
 * @param normalize  subtract the training set's per-channel mean and divide by its standard deviation
 * @param settings   the data set's own keys ({@link DataSetType#params()}), checked, defaults filled in
 */
public record DataSpec(String name, String path, int trainSize, int testSize, long subsetSeed, boolean augment,
                       boolean normalize, java.util.Map<String, Object> settings) implements Serializable {

    /** A data set with its default settings. */
    public DataSpec(String name, String path, int trainSize, int testSize, long subsetSeed, boolean augment,
                    boolean normalize) {
        this(name, path, trainSize, testSize, subsetSeed, augment, normalize, java.util.Map.of());
    }

    public DataSpec {
        settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(DataSets.type(name).settings(settings)));
        Objects.requireNonNull(path, "DataSpec.path");
        if (trainSize < 1 || testSize < 1) {
            throw new IllegalArgumentException("DataSpec sizes must be >= 1, got train=" + trainSize + ", test=" + testSize);
        }
    }

    /** Padding of the random crop when {@link #augment} is on, as in the CIFAR ResNet papers. */
    public static final int CROP_PADDING = 4;
}
