/**
 * Model descriptions that do not depend on an engine: {@link io.sparkhpo.executors.model.ModelSpec} and the
 * CIFAR ResNet-18's architecture ({@link io.sparkhpo.executors.model.ResNet18}), from which each engine builds its
 * own network.
 */
package io.sparkhpo.executors.model;
