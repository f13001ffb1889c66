package io.sparkhpo.driver.objective;

import io.sparkhpo.driver.runner.Done;
import io.sparkhpo.driver.runner.Placement;
import io.sparkhpo.driver.runner.TrialBroker;
import io.sparkhpo.driver.runner.Work;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one loop over a user objective's trials, as the runners pull them; what happens at each report and at each
 * end is its {@link Policy}'s: sampled trials judged by the study's pruner ({@link SampledPolicy}), or a PBT
 * population that continues from another member's checkpoint with new values ({@link PbtPolicy}). The loop owns
 * what every policy shares: the trials handed out, their reports for the epochs table, a lost runner's trial run
 * again (the next attempt, from its checkpoint) up to {@code maxRetries} times then FAILED, the end, and the
 * {@link Recorder}. Thread-safe: the server calls it from one thread per runner; the policy is called under the
 * loop's lock.
 */
public final class TrialLoop implements TrialBroker {

    /** What a policy may do with its trials when one ends. */
    public interface Control {
        /** Runs {@code work} when a runner is free. */
        void runAgain(Work work);

        /** Ends a trial that is not running as FAILED, saying why. */
        void fail(Work work, String why);
    }

    /**
     * What differs between sampled trials and a PBT population. Called under the loop's lock. A report the policy
     * cannot accept ({@link IllegalStateException} from {@link #report}) fails that trial with its message.
     */
    public interface Policy {

        /** A new trial to start when a runner is free; empty when there is none (now, or any more). */
        Optional<Work> fresh();

        /** Whether no new trial will come from {@link #fresh} any more. */
        boolean exhausted();

        /** The verdict on a report ({@code row}: as kept for the epochs table). */
        Verdict report(Work work, int step, double value, Map<String, Object> row);

        /** Called once, before the first trial is handed out (a resumed PBT population decides where it stopped). */
        default void begin(Control control) {
        }

        /** Reports of earlier runs of a resumed sweep that its trials' rows must still hold, by trial. */
        default Map<Integer, List<Map<String, Object>>> restoredReports() {
            return Map.of();
        }

        /**
         * An attempt ended. The policy says through {@code control} what runs next for its trials (a paused PBT
         * member's next segment, or several at a synchronous generation) or which of them cannot go on, and whether
         * this trial is over.
         *
         * @return the trial's final work (its parameters at the end) when it is over; empty when it goes on
         */
        Optional<Work> ended(Work work, Done done, Control control);

        /**
         * A lost runner's trial (or one whose objective asked to run again) is to run again as {@code next}.
         *
         * @return whether the loop runs it again now; false when the policy has seen to it through {@code control}
         */
        default boolean retrying(Work next, Control control) {
            return true;
        }

        /** The parameters in force for a report's row ({@code params} of the epochs table), or null. */
        default String reportParams(Work work) {
            return null;
        }

        /** PBT's exploits, as rows of the {@code pbt} table. */
        default List<Map<String, Object>> exploits() {
            return List.of();
        }

        /** Removes what the policy kept beside the trials' own checkpoints. */
        default void deleteCheckpoints() {
        }
    }

    private final Map<Integer, List<Map<String, Object>>> reports = new HashMap<>();
    /** Each trial's attempts so far: where each ran and how it ended ({@code ok}, or why it was run again). */
    private final Map<Integer, List<Map<String, Object>>> attempts = new HashMap<>();
    /** Why no trial starts any more (a device the engine cannot use); null while trials start. */
    private volatile String stopReason;
    private final Map<Integer, Work> running = new HashMap<>();
    /** What the live dashboard shows of each running trial: when it started, where, its last step. */
    private final Map<Integer, Map<String, Object>> shown = new java.util.TreeMap<>();
    /** Trials a policy refused a report of: they stop, and end FAILED with this message. */
    private final Map<Integer, String> failing = new HashMap<>();
    private final Control control = new Control() {
        @Override
        public void runAgain(Work work) {
            again.add(work);
        }

        @Override
        public void fail(Work work, String why) {
            end(work, new Done(work.trial(), work.attempt(), Done.State.FAILED, Map.of(), why, Map.of(), 0, 0), null);
        }
    };
    private final Deque<Work> again = new ArrayDeque<>();
    /** The executor each paused trial (a PBT member) paused on, where its live session may still be. */
    private final Map<Integer, String> pausedOn = new HashMap<>();
    private final Policy policy;
    private final int maxRetries;
    private final Recorder recorder;
    private final String study;
    private boolean ended;
    private boolean begun;
    /** What stopped the loop early: the study's sampler, the policy or the tables failed. */
    private volatile RuntimeException failure;

    public TrialLoop(String study, Policy policy, int maxRetries, Recorder recorder) {
        this.study = study;
        this.policy = policy;
        this.maxRetries = maxRetries;
        this.recorder = recorder;
    }

    Policy policy() {
        return policy;
    }

    @Override
    public synchronized Optional<Work> next(Placement runner) throws InterruptedException {
        if (!begun) {
            begun = true;
            try {
                policy.restoredReports().forEach((trial, rows) -> reports.put(trial, new ArrayList<>(rows)));
                policy.begin(control);
            } catch (RuntimeException e) {
                fail(e);
            }
        }
        while (!ended) {
            Work w = stopReason == null ? again(runner) : null;
            if (w == null && stopReason == null) {
                try {
                    w = policy.fresh().orElse(null);
                } catch (RuntimeException e) {
                    fail(e);
                    break;
                }
                if (w != null) {
                    recorder.started(w);
                }
            }
            if (w != null) {
                running.put(w.trial(), w);
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("trial", w.trial());
                m.put("started", java.time.Instant.now().toString());
                m.put("params", w.params());
                m.put("executor", runner.executor());
                m.put("gpu", runner.gpuColumn());
                m.put("attempt", w.attempt());
                shown.put(w.trial(), m);
                return Optional.of(w);
            }
            if (over()) {
                ended = true;
                notifyAll();
                break;
            }
            wait();
        }
        return Optional.empty();
    }

    /**
     * The next trial to run again, those that paused on {@code runner}'s executor first: their next run there continues
     * from the live session the executor kept instead of reading the checkpoint back ({@code LiveSessions}).
     */
    private Work again(Placement runner) {
        for (java.util.Iterator<Work> it = again.iterator(); it.hasNext(); ) {
            Work w = it.next();
            if (runner.executor().equals(pausedOn.get(w.trial()))) {
                it.remove();
                return w;
            }
        }
        return again.poll();
    }

    @Override
    public synchronized Verdict report(Work work, int step, double value, Map<String, Double> metrics, double seconds) {
        Map<String, Object> row = ObjectiveTables.epochRow(study, work.trial(), work.attempt(), step, value, metrics, seconds);
        String params = policy.reportParams(work);
        if (params != null) {
            row.put("params", params);
        }
        reports.computeIfAbsent(work.trial(), k -> new ArrayList<>()).add(row);
        Map<String, Object> m = shown.get(work.trial());
        if (m != null) {
            m.put("step", step);
            m.put("value", value);
        }
        recorder.reported(work, step, value, metrics, m == null ? null : (String) m.get("executor"));
        try {
            return policy.report(work, step, value, row);
        } catch (IllegalStateException e) {
            failing.put(work.trial(), e.getMessage());
            return Verdict.PAUSE; // the run stops; done() records the failure
        }
    }

    @Override
    public synchronized void done(Work work, Done done, Placement where) {
        running.remove(work.trial());
        if (where != null && done.state() == Done.State.PAUSED) {
            pausedOn.put(work.trial(), where.executor());
        }
        shown.remove(work.trial());
        String why = failing.remove(work.trial());
        done.stopReason().ifPresent(reason -> stop(work, where, reason));
        try {
            if (done.state() == Done.State.RETRY && why == null) {
                lostAttempt(work, where, done.message(), true);
            } else if (why != null) {
                Done failed = new Done(done.trial(), done.attempt(), Done.State.FAILED, Map.of(), why, done.attrs(), done.seconds(),
                        done.steps());
                end(policy.ended(work, failed, control).orElse(work), failed, where);
            } else {
                policy.ended(work, done, control).ifPresent(w -> end(w, done, where));
            }
        } catch (RuntimeException e) {
            fail(e); // the trial stays RUNNING in the journal: a resumed sweep runs it again
        }
        notifyAll();
    }

    @Override
    public synchronized void lost(Work work, Placement where, String why) {
        running.remove(work.trial());
        shown.remove(work.trial());
        String refused = failing.remove(work.trial());
        try {
            lostAttempt(work, where, refused != null ? refused : why, refused == null);
        } catch (RuntimeException e) {
            fail(e);
        }
        notifyAll();
    }

    private void stop(Work work, Placement where, String reason) {
        if (stopReason == null) {
            stopReason = "trial " + work.trial() + " on executor " + (where == null ? "-" : where.executor() + " ("
                    + where.host() + ")") + ": " + reason;
            recorder.stopping(stopReason, running.size());
        }
    }

    /** Why the loop stopped starting trials before its policy ran out of them, if it did. */
    public java.util.Optional<String> stopReason() {
        return java.util.Optional.ofNullable(stopReason);
    }

    private void attempt(Work work, Placement where, String result) {
        Map<String, Object> a = new java.util.LinkedHashMap<>();
        a.put("executor", where == null ? null : where.executor());
        a.put("result", result);
        attempts.computeIfAbsent(work.trial(), k -> new ArrayList<>()).add(a);
    }

    private void lostAttempt(Work work, Placement where, String why, boolean retry) {
        if (retry) {
            attempt(work, where, why);
        }
        if (!retry) {
            Done failed = new Done(work.trial(), work.attempt(), Done.State.FAILED, Map.of(), why, Map.of(), 0, 0);
            end(policy.ended(work, failed, control).orElse(work), failed, where);
        } else if (work.attempt() < maxRetries) {
            recorder.retrying(work, where, why);
            if (policy.retrying(work.nextAttempt(), control)) {
                again.addFirst(work.nextAttempt());
            }
        } else {
            Done failed = new Done(work.trial(), work.attempt(), Done.State.FAILED, Map.of(), "ran " + (work.attempt() + 1)
                    + " time(s) without ending (its runner lost, or a failure that may pass), the last time because " + why,
                    Map.of(), 0, 0);
            end(policy.ended(work, failed, control).orElse(work), failed, where);
        }
    }

    /** The running trials, as the live dashboard lists them: trial, started, params, executor, gpu, attempt, step, value. */
    public synchronized List<Map<String, Object>> runningTrials() {
        return shown.values().stream().map(m -> (Map<String, Object>) new java.util.LinkedHashMap<>(m)).toList();
    }

    private void end(Work last, Done done, Placement where) {
        List<Map<String, Object>> rows = reports.remove(last.trial());
        if (done.state() != Done.State.FAILED || where != null) {
            attempt(last, where, "ok");
        }
        List<Map<String, Object>> tries = attempts.remove(last.trial());
        recorder.ended(new EndedTrial(last, done, where, rows == null ? List.of() : rows, tries == null ? List.of() : tries));
    }

    private boolean over() {
        return begun && running.isEmpty() && (stopReason != null || again.isEmpty() && policy.exhausted());
    }

    /**
     * Waits up to {@code millis} for every trial to end (the runners are told to stop as they ask for more).
     *
     * @return whether they have
     */
    public synchronized boolean awaitEnd(long millis) throws InterruptedException {
        if (!ended && over()) {
            ended = true;
            notifyAll();
        }
        if (!ended) {
            wait(millis);
        }
        return ended && running.isEmpty();
    }

    /** Ends the loop now: runners asking for work are told to stop (the sweep failed, or was interrupted). */
    public synchronized void abort() {
        ended = true;
        notifyAll();
    }

    /** What stopped the loop early, if anything did: the sweep then fails with it. */
    public java.util.Optional<RuntimeException> failure() {
        return java.util.Optional.ofNullable(failure);
    }

    private void fail(RuntimeException e) {
        if (failure == null) {
            failure = e;
        }
        abort();
    }
}
