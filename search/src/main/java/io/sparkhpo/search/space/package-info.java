/**
 * Search spaces: the distributions a hyperparameter is drawn from ({@link io.sparkhpo.search.space.FloatDistribution},
 * {@link io.sparkhpo.search.space.IntDistribution}, {@link io.sparkhpo.search.space.CategoricalDistribution})
 * and the ordered {@link io.sparkhpo.search.space.SearchSpace} that names them.
 */
package io.sparkhpo.search.space;
