package io.sparkhpo.driver.objective;

import io.sparkhpo.driver.runner.Done;
import io.sparkhpo.driver.runner.Placement;
import io.sparkhpo.driver.runner.Work;
import io.sparkhpo.search.study.Study;
import io.sparkhpo.search.trial.Trial;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The driver's loop over a user objective's trials, as the runners pull them: asks the study for a trial when a
 * runner is free (so a learning sampler sees every result told so far), judges reports with the study's pruner, and
 * hands each ended attempt to the {@link Recorder}. A trial whose runner was lost runs again (the next attempt, from
 * its checkpoint) up to {@code maxRetries} times, then is FAILED. Thread-safe: the server calls it from one thread
 * per runner.
 */
final class ObjectiveLoop implements Loop {

    /** A trial's reports so far (every attempt's), for the epochs table. */
    private final Map<Integer, List<Map<String, Object>>> reports = new HashMap<>();
    private final Map<Integer, Work> running = new HashMap<>();
    private final Deque<Work> again = new ArrayDeque<>();
    private final Study study;
    private final Map<String, Object> fixed;
    private final long seed;
    private final int maxRetries;
    private final Recorder recorder;
    private final String studyName;
    private int toAsk;
    private boolean ended;

    /**
     * @param trials     how many trials to ask the study for (a resumed study's interrupted ones come back first)
     * @param fixed      values every trial gets beside the sampled ones ({@code objective.params})
     * @param maxRetries how often a trial is run again after losing its runner
     */
    ObjectiveLoop(Study study, int trials, Map<String, Object> fixed, long seed, int maxRetries, Recorder recorder) {
        this.study = study;
        this.toAsk = trials;
        this.fixed = Map.copyOf(fixed);
        this.seed = seed;
        this.maxRetries = maxRetries;
        this.recorder = recorder;
        this.studyName = study.name();
    }

    @Override
    public synchronized Optional<Work> next(Placement runner) throws InterruptedException {
        while (!ended) {
            Work w = again.poll();
            if (w == null && toAsk > 0) {
                Trial t = study.ask();
                toAsk--;
                Map<String, Object> params = new LinkedHashMap<>(fixed);
                params.putAll(t.params());
                w = new Work(t.number(), 0, trialSeed(seed, t.number()), params);
                recorder.started(w);
            }
            if (w != null) {
                running.put(w.trial(), w);
                return Optional.of(w);
            }
            if (running.isEmpty()) {
                ended = true;
                notifyAll();
                break;
            }
            wait();
        }
        return Optional.empty();
    }

    @Override
    public Verdict report(Work work, int step, double value, Map<String, Double> metrics, double seconds) {
        synchronized (this) {
            reports.computeIfAbsent(work.trial(), k -> new ArrayList<>()).add(ObjectiveTables.epochRow(studyName,
                    work.trial(), work.attempt(), step, value, metrics, seconds));
        }
        recorder.reported(work, step, value);
        study.report(work.trial(), step, value);
        return study.shouldPrune(work.trial()) ? Verdict.PRUNE : Verdict.CONTINUE;
    }

    @Override
    public void done(Work work, Done done, Placement where) {
        List<Map<String, Object>> epochs;
        synchronized (this) {
            running.remove(work.trial());
            epochs = reports.remove(work.trial());
        }
        recorder.ended(work, done, where, epochs == null ? List.of() : epochs);
        synchronized (this) {
            notifyAll();
        }
    }

    @Override
    public synchronized void lost(Work work, Placement where, String why) {
        running.remove(work.trial());
        if (work.attempt() < maxRetries) {
            recorder.retrying(work, where, why);
            again.addFirst(work.nextAttempt());
        } else {
            List<Map<String, Object>> epochs = reports.remove(work.trial());
            recorder.ended(work, new Done(work.trial(), work.attempt(), "FAILED", Map.of(), "lost its runner "
                    + (work.attempt() + 1) + " time(s), the last time because " + why, Map.of(), 0, 0), where,
                    epochs == null ? List.of() : epochs);
        }
        notifyAll();
    }

    /**
     * Waits up to {@code millis} for every trial to end (the runners are told to stop as they ask for more).
     *
     * @return whether they have
     */
    @Override
    public synchronized boolean awaitEnd(long millis) throws InterruptedException {
        if (!ended && running.isEmpty() && again.isEmpty() && toAsk == 0) {
            ended = true;
            notifyAll();
        }
        if (!ended) {
            wait(millis);
        }
        return ended && running.isEmpty();
    }

    /** Ends the loop now: runners asking for work are told to stop (the sweep failed, or was interrupted). */
    @Override
    public synchronized void abort() {
        ended = true;
        notifyAll();
    }

    /** Trials handed out and not yet ended. */
    synchronized int running() {
        return running.size();
    }

    /** Every trial's seed: the study's seed and the trial's number, mixed (SplitMix64's finalizer). */
    static long trialSeed(long studySeed, int number) {
        long z = studySeed + 0x9E3779B97F4A7C15L * (number + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
