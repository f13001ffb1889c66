/**
 * Multi-objective helpers: Pareto dominance, non-dominated sorting and crowding distances ({@link
 * io.sparkhpo.search.pareto.Pareto}, as NSGA-II uses them), and the exact hypervolume of a point set ({@link
 * io.sparkhpo.search.pareto.Hypervolume}), all on objectives turned into minimization.
 */
package io.sparkhpo.search.pareto;
