/**
 * The machinery of the extension points: {@link io.sparkhpo.search.registry.Registry} (entries by name, an error
 * listing the known names for an unknown one) and {@link io.sparkhpo.search.registry.Setting} (a component's config
 * keys, kinds and defaults). The samplers' registry is {@link io.sparkhpo.search.sampler.Samplers}, the pruners'
 * {@link io.sparkhpo.search.pruner.Pruners}.
 */
package io.sparkhpo.search.registry;
