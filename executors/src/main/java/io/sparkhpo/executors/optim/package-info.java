/**
 * Optimizer configurations, serializable and validated ({@link io.sparkhpo.executors.optim.OptimizerSpec}), and
 * the three weight-decay conventions ({@link io.sparkhpo.executors.optim.WeightDecayMode}). Engines turn a spec
 * into their own updater inside the task.
 */
package io.sparkhpo.executors.optim;
