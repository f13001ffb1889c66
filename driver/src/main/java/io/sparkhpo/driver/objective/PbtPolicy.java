package io.sparkhpo.driver.objective;

import io.sparkhpo.driver.runner.Done;
import io.sparkhpo.driver.runner.TrialBroker.Verdict;
import io.sparkhpo.driver.runner.Work;
import io.sparkhpo.driver.runtime.HadoopCheckpointStore;
import io.sparkhpo.driver.runtime.PbtJournal;
import io.sparkhpo.driver.study.StudyLayout;
import io.sparkhpo.search.pbt.Pbt;
import io.sparkhpo.search.study.Study;
import io.sparkhpo.search.trial.Direction;
import io.sparkhpo.search.trial.Trial;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link TrialLoop}'s policy for population-based training ({@code search.strategy = pbt}), of a user's objective or
 * the built-in training: the population is the study's first {@code population} trials. At every
 * {@code perturbation_interval}-th step a member's checkpoint (saved before that report) is kept as the boundary's,
 * the boundary is journaled with the member's reports since the last one, and {@link Pbt} decides: asynchronously at
 * the report, among the members that have reached that boundary, or synchronously once every member has (each member
 * pauses there, giving its runner back). A member that exploits stops, takes the source's boundary checkpoint as its
 * own and runs again with the explored values, so it continues from the source's state. A missing checkpoint fails
 * the member that needs it, not the sweep. Every decision is journaled ({@link PbtJournal}; an exploit once the
 * checkpoint is in place): a resumed sweep replays the boundaries and decisions, so each member has the values, the
 * scores and the reports the interrupted run gave it, and it makes the decisions that run would have made.
 */
public final class PbtPolicy implements TrialLoop.Policy {

    private final Study study;
    private final Pbt pbt;
    private final String studyDir;
    private final Configuration hadoop;
    private final int maxSteps;
    private final double sign;
    private final String unit;
    private final PrintStream err;
    private final Map<Integer, PbtMember> members = new TreeMap<>();
    private final Deque<PbtMember> unstarted = new ArrayDeque<>();
    /** Each boundary's scores (lower is better), by member, of the members that reached it. */
    private final Map<Integer, Map<Integer, Double>> scores = new TreeMap<>();
    private final List<Pbt.Observation> history = new ArrayList<>();
    private final PbtJournal journal;
    /** Whether the journal held an earlier run's records (a resumed population). */
    private final boolean resumed;

    /**
     * @param maxSteps the steps of a whole run (no boundary at the last)
     * @param unit     what a step is, for the lines it prints ({@code epoch} for the built-in training)
     * @param finished the members a resumed sweep's tables hold already (they do not run again)
     */
    public PbtPolicy(Study study, Pbt pbt, Map<String, Object> fixed, long seed, int maxSteps, String unit, String studyDir,
                     Configuration hadoop, PbtJournal journal, java.util.Set<Integer> finished, PrintStream err) {
        this.journal = journal;
        this.study = study;
        this.pbt = pbt;
        this.maxSteps = maxSteps;
        this.unit = unit;
        this.studyDir = studyDir;
        this.hadoop = hadoop;
        this.err = err;
        this.sign = study.directions().get(0) == Direction.MAXIMIZE ? -1 : 1;
        List<Trial> population = new ArrayList<>();
        study.trials().stream().filter(t -> t.state().isFinished()).forEach(t -> population.add(new Trial(t.number(),
                t.params())));
        while (population.size() < pbt.settings().population()) {
            population.add(study.ask()); // a resumed sweep's interrupted members first, then new ones
        }
        population.sort(java.util.Comparator.comparingInt(Trial::number));
        for (Trial t : population) {
            Map<String, Object> params = new LinkedHashMap<>(fixed);
            params.putAll(t.params());
            members.put(t.number(), new PbtMember(t.number(), SampledPolicy.trialSeed(seed, t.number()), params));
        }
        resumed = !journal.records().isEmpty();
        replay();
        for (PbtMember m : members.values()) {
            if (finished.contains(m.number)) {
                m.ended = true;
            } else if (m.reached > m.decidedAt) {
                m.waiting = true; // it stopped at a boundary it had not decided at: it decides there first (begin)
            } else {
                unstarted.add(m);
            }
        }
    }

    /** A resumed sweep: every boundary and decision as the interrupted run journaled them. */
    private void replay() {
        for (Object o : journal.records()) {
            if (o instanceof PbtJournal.Boundary b && members.containsKey(b.member())) {
                PbtMember m = members.get(b.member());
                m.restored.addAll(b.reports());
                b.reports().forEach(r -> m.byStep.put(((Number) r.get("step")).intValue(), r));
                reached(m, b.step(), sign * b.value(), b.params());
            } else if (o instanceof PbtJournal.Decision d && members.containsKey(d.member())) {
                PbtMember m = members.get(d.member());
                m.params.putAll(d.after());
                m.startScore = sign * d.sourceError();
                m.decidedAt = d.epoch();
                m.decisions.put(d.epoch(), d);
            }
        }
    }

    /**
     * A resumed population first puts each member's checkpoint back where the journal has it (what it trained after
     * its last journaled boundary or decision is trained again, so no boundary is skipped), then decides where it
     * stopped undecided.
     */
    @Override
    public void begin(TrialLoop.Control control) {
        if (!resumed) {
            return;
        }
        for (PbtMember m : members.values()) {
            if (!m.ended && !rewind(m)) {
                fail(m, control);
            }
        }
        for (PbtMember m : members.values()) {
            if (m.waiting && !m.ended) {
                atBoundary(m, control);
            }
        }
    }

    /**
     * Puts the member's checkpoint back to its state at its last journaled point: its own boundary checkpoint when it
     * stopped at a boundary undecided, the one it went on from at its last decision (its source's after an exploit),
     * or none before its first boundary. False when that checkpoint is missing.
     */
    private boolean rewind(PbtMember m) {
        String own = HadoopCheckpointStore.pathFor(studyDir, m.number);
        if (m.reached > m.decidedAt) {
            return copy(boundary(m.number, m.reached), own);
        }
        if (m.decidedAt > 0) {
            return copy(boundary(m.decisions.get(m.decidedAt).source(), m.decidedAt), own);
        }
        try {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(own);
            p.getFileSystem(hadoop).delete(p, false);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("PBT: removing " + own + ": " + e.getMessage(), e);
        }
    }

    private void fail(PbtMember m, TrialLoop.Control control) {
        m.ended = true;
        m.waiting = false;
        unstarted.remove(m);
        control.fail(m.work(), "PBT: member " + m.number + "'s checkpoint at its last " + unit + " (" + Math.max(m.reached,
                m.decidedAt) + ") is missing");
    }

    /** The member stands at its latest boundary, undecided: it decides there (synchronously, with the others). */
    private void atBoundary(PbtMember m, TrialLoop.Control control) {
        if (pbt.settings().synchronous()) {
            m.waiting = true;
            generation(control);
            return;
        }
        if (m.pending == null) {
            m.startScore = scores.get(m.reached).get(m.number);
            m.pending = decide(m, m.reached).orElse(null);
        }
        goOn(m, m.reached, control);
    }

    @Override
    public Map<Integer, List<Map<String, Object>>> restoredReports() {
        Map<Integer, List<Map<String, Object>>> out = new TreeMap<>();
        members.values().stream().filter(m -> !m.restored.isEmpty()).forEach(m -> out.put(m.number, List.copyOf(m.restored)));
        return out;
    }

    @Override
    public Optional<Work> fresh() {
        return Optional.ofNullable(unstarted.poll()).map(PbtMember::work);
    }

    @Override
    public boolean exhausted() {
        return unstarted.isEmpty();
    }

    /**
     * A member whose runner was lost (or asked to run again): at a boundary it had reached but not decided at, it
     * decides there as if it had paused; otherwise it goes on from the checkpoint of its last journaled point, so a
     * boundary it may have saved but not reported is reported again.
     */
    @Override
    public boolean retrying(Work next, TrialLoop.Control control) {
        PbtMember m = members.get(next.trial());
        m.attempt = next.attempt();
        if (!rewind(m)) {
            fail(m, control);
            return false;
        }
        m.sinceBoundary.clear();
        if (m.reached > m.decidedAt) {
            atBoundary(m, control);
            return false;
        }
        return true;
    }

    @Override
    public String reportParams(Work work) {
        return io.sparkhpo.search.json.Json.write(mutated(members.get(work.trial()).params));
    }

    @Override
    public Verdict report(Work work, int step, double value, Map<String, Object> row) {
        study.report(work.trial(), step, value);
        PbtMember m = members.get(work.trial());
        m.sinceBoundary.add(row);
        m.byStep.put(step, row);
        if (step % pbt.settings().interval() != 0 || step >= maxSteps) {
            return Verdict.CONTINUE;
        }
        if (!copy(HadoopCheckpointStore.pathFor(studyDir, m.number), boundary(m.number, step))) {
            throw new IllegalStateException("PBT: trial " + m.number + " reported step " + step + " (a perturbation "
                    + "boundary) without a checkpoint: call saveCheckpoint before report");
        }
        journal.add(new PbtJournal.Boundary(m.number, step, value, new LinkedHashMap<>(m.params), List.copyOf(m.sinceBoundary)));
        m.sinceBoundary.clear();
        reached(m, step, sign * value, m.params);
        if (pbt.settings().synchronous()) {
            return Verdict.PAUSE;
        }
        m.startScore = sign * value;
        m.pending = decide(m, step).orElse(null);
        if (m.pending != null) {
            return Verdict.PAUSE;
        }
        carryOn(m, step);
        return Verdict.CONTINUE;
    }

    /** A member reached a boundary with a score (lower is better) and the values in force up to it. */
    private void reached(PbtMember m, int step, double score, Map<String, Object> inForce) {
        if (Double.isFinite(m.startScore)) { // how far it got from its last boundary's start, as PB2 models it
            history.add(new Pbt.Observation(step, mutated(inForce), m.startScore - score));
        }
        scores.computeIfAbsent(step, k -> new TreeMap<>()).put(m.number, score);
        m.paramsBefore.put(step, new LinkedHashMap<>(inForce));
        m.reached = step;
    }

    @Override
    public Optional<Work> ended(Work work, Done done, TrialLoop.Control control) {
        PbtMember m = members.get(work.trial());
        if (done.state() == Done.State.PAUSED) {
            atBoundary(m, control);
            return Optional.empty();
        }
        m.ended = true;
        if (pbt.settings().synchronous()) {
            generation(control); // the others may have waited for this one
        }
        return Optional.of(m.work());
    }

    /**
     * Synchronous PBT: a member waiting at a boundary decides there once every member still training has reached it
     * (in a run from the start, all wait at the same boundary; a resumed one may have decided some of them already).
     */
    private void generation(TrialLoop.Control control) {
        List<PbtMember> alive = members.values().stream().filter(x -> !x.ended).toList();
        for (PbtMember w : alive) {
            if (w.waiting && alive.stream().allMatch(x -> x.reached >= w.reached)) {
                w.startScore = scores.get(w.reached).get(w.number);
                w.pending = decide(w, w.reached).orElse(null);
                goOn(w, w.reached, control);
            }
        }
    }

    private Optional<Pbt.Exploit> decide(PbtMember m, int step) {
        Map<Integer, Double> at = new TreeMap<>(scores.getOrDefault(step, Map.of()));
        Map<Integer, Map<String, Object>> params = new HashMap<>();
        at.keySet().forEach(n -> params.put(n, members.get(n).paramsBefore.get(step)));
        return pbt.decide(m.number, step, at, params, List.copyOf(history));
    }

    /**
     * A paused member goes on at {@code step}: with a pending exploit, from the source's boundary checkpoint and the
     * explored values. A source checkpoint that is missing fails this member, not the sweep.
     */
    private void goOn(PbtMember m, int step, TrialLoop.Control control) {
        Pbt.Exploit x = m.pending;
        m.pending = null;
        m.waiting = false;
        if (x == null) {
            carryOn(m, step);
            control.runAgain(m.work());
            return;
        }
        boolean copied;
        try {
            copied = copy(boundary(x.source(), step), HadoopCheckpointStore.pathFor(studyDir, m.number));
        } catch (UncheckedIOException e) {
            m.ended = true;
            control.fail(m.work(), e.getMessage());
            return;
        }
        if (!copied) {
            m.ended = true;
            control.fail(m.work(), "PBT: member " + x.source() + "'s checkpoint at " + unit + " " + step + " is missing");
            return;
        }
        decided(m, new PbtJournal.Decision(step / pbt.settings().interval(), step, m.number, x.source(),
                sign * scores.get(step).get(m.number), sign * scores.get(step).get(x.source()), x.before(), x.after()));
        m.params.putAll(x.after());
        m.startScore = scores.get(step).get(x.source());
        err.printf(Locale.ROOT, "sparkhpo: pbt: %s %d: member %d (%.4g) takes member %d's checkpoint (%.4g), %s -> %s%n",
                unit, step, m.number, sign * scores.get(step).get(m.number), x.source(),
                sign * scores.get(step).get(x.source()), x.before(), x.after());
        control.runAgain(m.work());
    }

    /** The member carries on at {@code step} with its own checkpoint and values: journaled, so a resume knows. */
    private void carryOn(PbtMember m, int step) {
        if (m.decidedAt < step) {
            double own = sign * scores.get(step).get(m.number);
            Map<String, Object> values = mutated(m.params);
            decided(m, new PbtJournal.Decision(step / pbt.settings().interval(), step, m.number, m.number, own, own, values,
                    values));
        }
    }

    private void decided(PbtMember m, PbtJournal.Decision d) {
        journal.add(d);
        m.decidedAt = d.epoch();
        m.decisions.put(d.epoch(), d);
    }

    @Override
    public List<Map<String, Object>> exploits() {
        return journal.exploits(study.name());
    }

    /**
     * A member's lineage as a schedule ({@code pbt_schedule.json}): see {@link PbtLineage#of}.
     */
    public List<Map<String, Object>> lineage(int member) {
        return PbtLineage.of(members, member, maxSteps, pbt.settings().interval());
    }

    /** Removes every member's checkpoints (its own and each boundary's), those of an interrupted run's too. */
    @Override
    public void deleteCheckpoints() {
        Path pattern = new Path(new Path(studyDir, StudyLayout.CHECKPOINTS), "trial-*.ckpt");
        try {
            org.apache.hadoop.fs.FileSystem fs = pattern.getFileSystem(hadoop);
            org.apache.hadoop.fs.FileStatus[] files = fs.globStatus(pattern);
            for (org.apache.hadoop.fs.FileStatus f : files == null ? new org.apache.hadoop.fs.FileStatus[0] : files) {
                fs.delete(f.getPath(), false);
            }
        } catch (IOException ignored) {
            // a leftover checkpoint costs disk, nothing else
        }
    }

    private boolean copy(String from, String to) {
        try {
            return HadoopCheckpointStore.copy(from, to, hadoop);
        } catch (IOException e) {
            throw new UncheckedIOException("PBT: copying " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    private Map<String, Object> mutated(Map<String, Object> params) {
        Map<String, Object> out = new LinkedHashMap<>();
        pbt.settings().mutations().forEach(k -> out.put(k, params.get(k)));
        return out;
    }

    private String boundary(int member, int step) {
        return new Path(studyDir, StudyLayout.checkpoint(member, step)).toString();
    }
}
