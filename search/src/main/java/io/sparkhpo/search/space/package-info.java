/**
 * Search spaces: the distributions a hyperparameter is drawn from ({@link io.sparkhpo.search.space.FloatDistribution},
 * {@link io.sparkhpo.search.space.IntDistribution}, {@link io.sparkhpo.search.space.CategoricalDistribution}), the
 * ordered, conditional {@link io.sparkhpo.search.space.SearchSpace} that names them, and the
 * {@link io.sparkhpo.search.space.Transform} the model-based samplers work on.
 */
package io.sparkhpo.search.space;
