/**
 * Networks described without an engine: the model registry ({@link io.sparkhpo.executors.model.Models}: each
 * {@link io.sparkhpo.executors.model.ModelType}'s keys and network), a trial's choice
 * ({@link io.sparkhpo.executors.model.ModelSpec}), and the description itself, a graph of
 * {@link io.sparkhpo.executors.model.Layer}s ({@link io.sparkhpo.executors.model.Network}) built by
 * {@link io.sparkhpo.executors.model.Architectures}, from which each engine builds its own network.
 */
package io.sparkhpo.executors.model;
