/**
 * Sweeps of a user's own objective ({@code objective.class}, docs/objective.md): {@link
 * io.sparkhpo.driver.objective.ObjectiveSweep} runs one (the CLI's config and {@link
 * io.sparkhpo.driver.objective.Sweep#builder()} build the same {@code ObjectiveSweepConfig}); {@code TrialLoop}
 * hands trials to the runner tasks, keeps their reports and retries lost ones (or those whose objective asked for it),
 * stops starting trials when one says the sweep must stop, with a policy for what differs
 * ({@code SampledPolicy}: ask the study, judge reports with its pruner; {@code PbtPolicy}: a population that
 * continues from other members' checkpoints), {@code Recorder} writes the tables in batches and tells
 * the study, with the rows of a {@code TrialRows} ({@code ObjectiveRows} here, the built-in training's in
 * {@code driver.builtin}), {@code Resume} squares a resumed journal with the tables, {@code ParetoRanking} ranks a multi-objective
 * study; {@link io.sparkhpo.driver.objective.ObjectiveTables} and {@link io.sparkhpo.driver.objective.ObjectiveTable}
 * are the tables' columns and the printed summary.
 */
package io.sparkhpo.driver.objective;
