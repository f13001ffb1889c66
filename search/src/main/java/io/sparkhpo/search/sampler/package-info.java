/**
 * Samplers: given a search space, a trial number and the history so far, choose the trial's parameters. Grid,
 * random and Sobol are index-addressable (trial {@code n}'s parameters depend only on the seed or grid, the space
 * and {@code n}); TPE ({@link io.sparkhpo.search.sampler.TpeSampler}, univariate and multivariate, with its
 * {@link io.sparkhpo.search.sampler.ParzenEstimator}) and CMA-ES ({@link io.sparkhpo.search.sampler.CmaEsSampler},
 * {@code CmaEsState}) and Gaussian-process Bayesian optimization ({@link io.sparkhpo.search.sampler.GpSampler}, its
 * numerics in {@code gp}) learn from the history; {@link io.sparkhpo.search.sampler.BohbSampler} fits a model
 * ({@link io.sparkhpo.search.sampler.KdeRatioSampler} for BOHB) at the largest budget that pruned trials reached.
 * {@link io.sparkhpo.search.sampler.Samplers} is the registry: names, settings, defaults, what each does with
 * budgets, and construction.
 */
package io.sparkhpo.search.sampler;
