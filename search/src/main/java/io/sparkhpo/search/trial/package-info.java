/**
 * Trials: what {@link io.sparkhpo.search.study.Study#ask()} hands out ({@link io.sparkhpo.search.trial.Trial}),
 * what {@code tell} takes ({@link io.sparkhpo.search.trial.Outcome}), and the frozen record of a trial
 * ({@link io.sparkhpo.search.trial.TrialSnapshot}) that samplers read through {@link io.sparkhpo.search.trial.TrialHistory}.
 */
package io.sparkhpo.search.trial;
