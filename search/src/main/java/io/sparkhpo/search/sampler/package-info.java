/**
 * Samplers: given a search space, a trial number and the history so far, choose the trial's parameters.
 * {@link io.sparkhpo.search.sampler.RandomSampler} and {@link io.sparkhpo.search.sampler.GridSampler} are
 * index-addressable: trial {@code n}'s parameters depend only on the seed (or grid), the space and {@code n}.
 */
package io.sparkhpo.search.sampler;
