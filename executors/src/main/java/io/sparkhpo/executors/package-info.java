/**
 * What the engine-side packages share: {@link io.sparkhpo.executors.ConfigName}, the config name of an enum constant
 * and the one lookup of enum-like choices ({@code WeightDecayMode}, {@code Unit}, {@code Device}). The training
 * itself is in the sub-packages: {@code data}, {@code model}, {@code optim}, {@code schedule}, {@code train}.
 */
package io.sparkhpo.executors;
