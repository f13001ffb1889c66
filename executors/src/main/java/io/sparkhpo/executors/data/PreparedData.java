package io.sparkhpo.executors.data;

/** The data of one {@link DataSpec}, ready for batching: the subsets and the normalization to apply to both. */
public record PreparedData(Dataset train, Dataset test, Normalization normalization) {
}
