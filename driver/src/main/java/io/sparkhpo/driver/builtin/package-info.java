/**
 * The built-in training (the config's network on its data set) as one more objective of the runners' trial loop:
 * {@link io.sparkhpo.driver.builtin.TrialFactory} makes a trial's spec from its values (on the driver and, serialized,
 * on the executors), {@link io.sparkhpo.driver.builtin.BuiltinObjective} trains it on a runner (each epoch a report;
 * checkpoints every {@code search.checkpoint_epochs}; a GPU its engine cannot use stops the sweep; an I/O error runs
 * the trial again), {@code BuiltinResult} carries its whole result to the driver, {@link
 * io.sparkhpo.driver.builtin.BuiltinRows} writes the built-in tables' rows, and {@link
 * io.sparkhpo.driver.builtin.BuiltinSweep} runs a sampled sweep of it.
 */
package io.sparkhpo.driver.builtin;
