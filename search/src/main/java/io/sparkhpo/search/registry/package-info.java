/**
 * The machinery of the extension points: {@link io.sparkhpo.search.registry.Registry} (entries by name, an error
 * listing the known names for an unknown one) and {@link io.sparkhpo.search.registry.Param} (one config key
 * of any component, declared once: kind, default, constraint; samplers, pruners, update rules, schedules and the sweep's
 * hyperparameters all declare theirs with it). The samplers' registry is {@link io.sparkhpo.search.sampler.Samplers}, the pruners'
 * {@link io.sparkhpo.search.pruner.Pruners}.
 */
package io.sparkhpo.search.registry;
