/**
 * Pruners: stop unpromising trials early from their intermediate values ({@link io.sparkhpo.search.pruner.PercentilePruner}
 * and its median, asynchronous successive halving {@link io.sparkhpo.search.pruner.SuccessiveHalvingPruner},
 * {@link io.sparkhpo.search.pruner.HyperbandPruner}). Stateless: they decide from the study's history.
 * {@link io.sparkhpo.search.pruner.Pruners} is the registry: names, settings, defaults and construction.
 */
package io.sparkhpo.search.pruner;
