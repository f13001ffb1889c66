/**
 * Optimizers: each update rule declared once ({@link io.sparkhpo.executors.optim.OptimizerTypes}: name, aliases,
 * PyTorch's default lr, its {@link io.sparkhpo.search.registry.Param}s ({@link io.sparkhpo.executors.optim.RuleParams}), how its rule is built, its doc line);
 * configurations, serializable and validated against that declaration ({@link io.sparkhpo.executors.optim.RuleSpec},
 * built by name in {@link io.sparkhpo.executors.optim.OptimizerSpecs}), the three weight-decay conventions
 * ({@link io.sparkhpo.executors.optim.WeightDecayMode}), and the update itself, written once:
 * <ul>
 *   <li>{@link io.sparkhpo.executors.optim.UpdateRule} and its implementations ({@code Rules}): each rule as a
 *       sequence of in-place vector operations over {@link io.sparkhpo.executors.optim.VectorOps};</li>
 *   <li>{@link io.sparkhpo.executors.optim.Update}: clipping, weight decay, then the rule on each
 *       {@link io.sparkhpo.executors.optim.Chunk};</li>
 *   <li>back ends: {@link io.sparkhpo.executors.optim.DoubleOps} (Java {@code double[]}, the float64 reference of
 *       {@link io.sparkhpo.executors.optim.Optimizer} and {@link io.sparkhpo.executors.optim.FloatOptimizer}, which
 *       the golden PyTorch fixtures check), and the engines' {@link io.sparkhpo.executors.optim.DeviceVectors}
 *       (libtorch tensors and ND4J arrays, in the engine packages), stepped by
 *       {@link io.sparkhpo.executors.optim.DeviceOptimizer} where the parameters live;</li>
 *   <li>sharpness-aware minimization around any rule, registered as a wrapper
 *       ({@link io.sparkhpo.executors.optim.OptimizerWrapper} in {@link io.sparkhpo.executors.optim.OptimizerSpecs#WRAPPERS}:
 *       its keys and how it wraps the rule its {@code base} names): {@link io.sparkhpo.executors.optim.SamSpec} (the config),
 *       {@link io.sparkhpo.executors.optim.Sam} (the ascent step ε on the heap, which the golden fixtures check) and
 *       {@link io.sparkhpo.executors.optim.DeviceSam} (the same on an engine's vectors, with θ's copy).</li>
 * </ul>
 */
package io.sparkhpo.executors.optim;
