/**
 * The built-in training's sweep command ({@link io.sparkhpo.driver.sweep.SweepRunner}): it finds and checks the data,
 * prepares or resumes the study folder (a resumed sweep squares its journal with the tables), gives the sampler earlier
 * studies' trials ({@code WarmStart}, {@code search.warm_start}), runs the trials, and analyses the study at the end.
 * Sampled trials run on the runners' one trial loop ({@link io.sparkhpo.driver.builtin.BuiltinSweep}). A PBT
 * population ({@code search.strategy = pbt}) still runs through {@code PbtSweep} and {@code PbtLoop}: each segment a
 * Spark job of one task ({@code Dispatcher}, {@code TrialTask}) through per-boundary checkpoints, exploit and explore
 * by the search library's {@code Pbt}, decisions journaled in {@code PbtJournal}, progress on stderr
 * ({@code Progress}), task attempts and GPUs from Spark's listener ({@code TrialAttempts}), a live dashboard
 * ({@code LiveDashboard}); it is the next to move onto the trial loop.
 */
package io.sparkhpo.driver.sweep;
