/**
 * Dispatch for short trials: long-lived runner tasks, one per slot, that take trials from the driver over one
 * connection each, instead of one Spark job per trial. The driver's {@link io.sparkhpo.driver.runner.TrialServer}
 * hands out {@link io.sparkhpo.driver.runner.Work} from a {@link io.sparkhpo.driver.runner.TrialBroker} (which asks the
 * study, judges reports with its pruner, and records the outcome); a {@link io.sparkhpo.driver.runner.Runner} on an
 * executor runs the user's objective ({@link io.sparkhpo.driver.config.ObjectiveSource}) through a
 * {@link io.sparkhpo.driver.runner.RemoteTrial} context, one trial at a time, and sends its reports and end back
 * ({@link io.sparkhpo.driver.runner.Wire}: newline-delimited JSON after a per-sweep token).
 * {@link io.sparkhpo.driver.runner.SparkRunners} keeps the runner tasks running as one Spark job; a runner whose
 * connection drops (its executor lost) has its trial handed out again as the next attempt. The server and runners
 * work without Spark too, which is how the tests drive them.
 */
package io.sparkhpo.driver.runner;
