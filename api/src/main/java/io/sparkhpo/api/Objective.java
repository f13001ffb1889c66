package io.sparkhpo.api;

/**
 * A function sparkhpo minimizes or maximizes (the study's {@code search.direction}): one trial is one call of
 * {@link #evaluate}, on a Spark executor, with that trial's parameters in the context.
 *
 * <p>Named in a sweep config as {@code objective.class}: it then needs a public no-argument constructor, and each
 * executor JVM makes one instance per trial. Given as an instance to {@code Sweep.builder().objective(..)} it must
 * be {@link java.io.Serializable}: Spark ships it to the executors.
 *
 * <p>How a trial ends: the value returned is its objective (COMPLETE; a NaN or infinite value makes it FAILED);
 * {@link TrialPruned}, thrown by {@link TrialContext#report} when the pruner stops the trial, makes it PRUNED at
 * the last step reported; any other exception makes it FAILED with the exception's message in the trials table,
 * and the sweep goes on. Failures inside {@code evaluate} are not retried (they would repeat); a lost executor is.
 */
@FunctionalInterface
public interface Objective {

    /**
     * @param trial the trial's parameters and what it may report; valid during this call only
     * @return the objective's value
     * @throws Exception anything: the trial is FAILED with its message ({@link TrialPruned}: PRUNED)
     */
    double evaluate(TrialContext trial) throws Exception;
}
