/**
 * The numerics of {@link io.sparkhpo.search.sampler.GpSampler} ({@code search.sampler = gp}), free of studies and
 * samplers: one Bayesian-optimization step on encoded points ({@link io.sparkhpo.search.sampler.gp.BayesOpt}), the
 * encoding of a space ({@link io.sparkhpo.search.sampler.gp.Encoding}), the Matérn-5/2 ARD kernel ({@code Matern52})
 * and its hyperparameters ({@code KernelParams}) fitted by marginal likelihood with priors ({@code KernelFit}), the GP
 * posterior on EJML's Cholesky factorization ({@code GaussianProcess}), log expected improvement ({@code LogEi}) and
 * its maximization ({@code Acquisition}) with a bounded limited-memory BFGS ({@code BoxLbfgs}).
 */
package io.sparkhpo.search.sampler.gp;
