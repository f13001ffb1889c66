package io.sparkhpo.driver.objective;

import io.sparkhpo.driver.runner.Done;
import io.sparkhpo.driver.runner.TrialBroker.Verdict;
import io.sparkhpo.driver.runner.Work;
import io.sparkhpo.search.study.Study;
import io.sparkhpo.search.trial.Trial;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@link TrialLoop}'s policy for sampled trials: a new trial is asked of the study when a runner is free (so a
 * learning sampler sees every result told so far; a resumed study's interrupted trials come back first), and each
 * report is judged by the study's pruner.
 */
public final class SampledPolicy implements TrialLoop.Policy {

    private final Study study;
    private final Map<String, Object> fixed;
    private final long seed;
    private int toAsk;

    /**
     * @param trials how many trials to ask the study for
     * @param fixed  values every trial gets beside the sampled ones ({@code objective.params})
     */
    public SampledPolicy(Study study, int trials, Map<String, Object> fixed, long seed) {
        this.study = study;
        this.toAsk = trials;
        this.fixed = Map.copyOf(fixed);
        this.seed = seed;
    }

    @Override
    public Optional<Work> fresh() {
        if (toAsk == 0) {
            return Optional.empty();
        }
        Trial t = study.ask();
        toAsk--;
        Map<String, Object> params = new LinkedHashMap<>(fixed);
        params.putAll(t.params());
        return Optional.of(new Work(t.number(), 0, trialSeed(seed, t.number()), params));
    }

    @Override
    public boolean exhausted() {
        return toAsk == 0;
    }

    @Override
    public Verdict report(Work work, int step, double value, Map<String, Object> row) {
        study.report(work.trial(), step, value);
        return study.shouldPrune(work.trial()) ? Verdict.PRUNE : Verdict.CONTINUE;
    }

    @Override
    public Optional<Work> ended(Work work, Done done, TrialLoop.Control control) {
        return Optional.of(work);
    }

    /** Every trial's seed: the study's seed and the trial's number, mixed (SplitMix64's finalizer). */
    static long trialSeed(long studySeed, int number) {
        long z = studySeed + 0x9E3779B97F4A7C15L * (number + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
