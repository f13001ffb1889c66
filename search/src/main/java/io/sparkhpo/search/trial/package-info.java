/**
 * Trials: what {@link io.sparkhpo.search.study.Study#ask()} hands out ({@link io.sparkhpo.search.trial.Trial}),
 * what {@code tell} takes ({@link io.sparkhpo.search.trial.Outcome}), the frozen record of a trial
 * ({@link io.sparkhpo.search.trial.TrialSnapshot}) that samplers and pruners read through
 * {@link io.sparkhpo.search.trial.TrialHistory}, and the study's {@link io.sparkhpo.search.trial.Direction}.
 */
package io.sparkhpo.search.trial;
