package io.sparkhpo.executors.data;

import java.util.Objects;

/** A training set and a test set of the same shape. */
public record DataSplit(Dataset train, Dataset test) {
    public DataSplit {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        if (train.channels() != test.channels() || train.height() != test.height() || train.width() != test.width()
                || train.classes() != test.classes()) {
            throw new IllegalArgumentException("train and test sets differ in shape: " + train.channels() + "x"
                    + train.height() + "x" + train.width() + " vs " + test.channels() + "x" + test.height() + "x"
                    + test.width());
        }
    }
}
