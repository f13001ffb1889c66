/**
 * What a user implements to have sparkhpo tune their own code, and what each trial gives it: {@link Objective}
 * (one value) or {@link MultiObjective} (several, named), called with a {@link TrialContext} (typed parameters,
 * {@link TrialContext#report} for the epochs table and the pruner, checkpoints, the task's GPUs and threads, user
 * attributes). A pruned trial ends with {@link TrialPruned}. {@link FixedTrial} runs an objective with given
 * parameters and no study, for a user's own unit tests. This module depends on nothing: a user's jar needs it alone.
 */
package io.sparkhpo.api;
