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

    private static final class Member {
        final int number;
        final long seed;
        final Map<String, Object> params;
        int attempt;
        boolean ended;
        /** paused at its latest boundary, undecided there (synchronous: until every member is) */
        boolean waiting;
        int reached;
        int decidedAt;
        double startScore = Double.NaN;
        Pbt.Exploit pending;
        final Map<Integer, Map<String, Object>> paramsBefore = new HashMap<>();
        final Map<Integer, PbtJournal.Decision> decisions = new HashMap<>();
        final List<Map<String, Object>> sinceBoundary = new ArrayList<>();
        final List<Map<String, Object>> restored = new ArrayList<>();
        /** Its latest report at each step, for its lineage's per-step metrics. */
        final TreeMap<Integer, Map<String, Object>> byStep = new TreeMap<>();

        Member(int number, long seed, Map<String, Object> params) {
            this.number = number;
            this.seed = seed;
            this.params = new LinkedHashMap<>(params);
        }

        Work work() {
            return new Work(number, attempt, seed, params);
        }
    }

    private final Study study;
    private final Pbt pbt;
    private final String studyDir;
    private final Configuration hadoop;
    private final int maxSteps;
    private final double sign;
    private final String unit;
    private final PrintStream err;
    private final Map<Integer, Member> members = new TreeMap<>();
    private final Deque<Member> unstarted = new ArrayDeque<>();
    /** Each boundary's scores (lower is better), by member, of the members that reached it. */
    private final Map<Integer, Map<Integer, Double>> scores = new TreeMap<>();
    private final List<Pbt.Observation> history = new ArrayList<>();
    private final PbtJournal journal;

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
            members.put(t.number(), new Member(t.number(), SampledPolicy.trialSeed(seed, t.number()), params));
        }
        replay();
        for (Member m : members.values()) {
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
                Member m = members.get(b.member());
                m.restored.addAll(b.reports());
                b.reports().forEach(r -> m.byStep.put(((Number) r.get("step")).intValue(), r));
                reached(m, b.step(), sign * b.value(), b.params());
            } else if (o instanceof PbtJournal.Decision d && members.containsKey(d.member())) {
                Member m = members.get(d.member());
                m.params.putAll(d.after());
                m.startScore = sign * d.sourceError();
                m.decidedAt = d.epoch();
                m.decisions.put(d.epoch(), d);
            }
        }
    }

    @Override
    public void begin(TrialLoop.Control control) {
        if (pbt.settings().synchronous()) {
            generation(control);
            return;
        }
        for (Member m : members.values()) {
            if (m.waiting) {
                m.startScore = scores.get(m.reached).get(m.number);
                m.pending = decide(m, m.reached).orElse(null);
                goOn(m, m.reached, control);
            }
        }
    }

    @Override
    public Map<Integer, List<Map<String, Object>>> restoredReports() {
        Map<Integer, List<Map<String, Object>>> out = new TreeMap<>();
        members.values().stream().filter(m -> !m.restored.isEmpty()).forEach(m -> out.put(m.number, List.copyOf(m.restored)));
        return out;
    }

    @Override
    public Optional<Work> fresh() {
        return Optional.ofNullable(unstarted.poll()).map(Member::work);
    }

    @Override
    public boolean exhausted() {
        return unstarted.isEmpty();
    }

    @Override
    public void retrying(Work next) {
        members.get(next.trial()).attempt = next.attempt();
    }

    @Override
    public String reportParams(Work work) {
        return io.sparkhpo.search.json.Json.write(mutated(members.get(work.trial()).params));
    }

    @Override
    public Verdict report(Work work, int step, double value, Map<String, Object> row) {
        study.report(work.trial(), step, value);
        Member m = members.get(work.trial());
        m.sinceBoundary.add(row);
        m.byStep.put(step, row);
        if (step % pbt.settings().interval() != 0 || step >= maxSteps) {
            return Verdict.CONTINUE;
        }
        if (!copy(HadoopCheckpointStore.pathFor(studyDir, m.number), boundary(m.number, step))) {
            throw new IllegalStateException("PBT: trial " + m.number + " reported step " + step + " (a perturbation "
                    + "boundary) without a checkpoint: call saveCheckpoint before report");
        }
        journal.add(new PbtJournal.Boundary(m.number, step, value, mutated(m.params), List.copyOf(m.sinceBoundary)));
        m.sinceBoundary.clear();
        reached(m, step, sign * value, mutated(m.params));
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
    private void reached(Member m, int step, double score, Map<String, Object> inForce) {
        if (Double.isFinite(m.startScore)) { // how far it got from its last boundary's start, as PB2 models it
            history.add(new Pbt.Observation(step, inForce, m.startScore - score));
        }
        scores.computeIfAbsent(step, k -> new TreeMap<>()).put(m.number, score);
        m.paramsBefore.put(step, new LinkedHashMap<>(inForce));
        m.reached = step;
    }

    @Override
    public Optional<Work> ended(Work work, Done done, TrialLoop.Control control) {
        Member m = members.get(work.trial());
        if (done.state() == Done.State.PAUSED) {
            if (pbt.settings().synchronous()) {
                m.waiting = true;
                generation(control);
            } else {
                goOn(m, done.steps(), control);
            }
            return Optional.empty();
        }
        m.ended = true;
        if (pbt.settings().synchronous()) {
            generation(control); // the others may have waited for this one
        }
        return Optional.of(m.work());
    }

    /** Synchronous PBT: once every member still training waits at a boundary, each decides there and goes on. */
    private void generation(TrialLoop.Control control) {
        List<Member> alive = members.values().stream().filter(x -> !x.ended).toList();
        if (alive.isEmpty() || !alive.stream().allMatch(x -> x.waiting)) {
            return;
        }
        for (Member w : alive) {
            w.startScore = scores.get(w.reached).get(w.number);
            w.pending = decide(w, w.reached).orElse(null);
            goOn(w, w.reached, control);
        }
    }

    private Optional<Pbt.Exploit> decide(Member m, int step) {
        Map<Integer, Double> at = new TreeMap<>(scores.getOrDefault(step, Map.of()));
        Map<Integer, Map<String, Object>> params = new HashMap<>();
        at.keySet().forEach(n -> params.put(n, members.get(n).paramsBefore.get(step)));
        return pbt.decide(m.number, step, at, params, List.copyOf(history));
    }

    /**
     * A paused member goes on at {@code step}: with a pending exploit, from the source's boundary checkpoint and the
     * explored values. A source checkpoint that is missing fails this member, not the sweep.
     */
    private void goOn(Member m, int step, TrialLoop.Control control) {
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
    private void carryOn(Member m, int step) {
        if (m.decidedAt < step) {
            double own = sign * scores.get(step).get(m.number);
            Map<String, Object> values = mutated(m.params);
            decided(m, new PbtJournal.Decision(step / pbt.settings().interval(), step, m.number, m.number, own, own, values,
                    values));
        }
    }

    private void decided(Member m, PbtJournal.Decision d) {
        journal.add(d);
        m.decidedAt = d.epoch();
        m.decisions.put(d.epoch(), d);
    }

    @Override
    public List<Map<String, Object>> exploits() {
        return journal.exploits(study.name());
    }

    /**
     * A member's lineage as a schedule: for each interval up to {@code steps}, the member that trained it (this one,
     * or the one it took a checkpoint from at the boundary after) and the values in force. Keys as
     * {@code pbt_schedule.json} holds them: {@code from_epoch}, {@code to_epoch}, {@code member}, {@code params}.
     */
    public List<Map<String, Object>> lineage(int member) {
        List<Map<String, Object>> segments = new ArrayList<>();
        Member cur = members.get(member);
        int interval = pbt.settings().interval();
        for (int to = maxSteps; to > 0; ) {
            int from = ((to - 1) / interval) * interval;
            Map<String, Object> seg = new LinkedHashMap<>();
            seg.put("from_epoch", from);
            seg.put("to_epoch", to);
            seg.put("member", cur.number);
            seg.put("params", cur.paramsBefore.getOrDefault(to, mutated(cur.params)));
            for (String metric : List.of("lr", "weight_decay")) { // the built-in training's, per epoch
                List<Double> values = new ArrayList<>();
                for (int s = from + 1; s <= to; s++) {
                    Map<String, Object> r = cur.byStep.get(s);
                    Object v = r == null || !(r.get("metrics") instanceof Map<?, ?> m) ? null : m.get(metric);
                    values.add(v == null ? null : ((Number) v).doubleValue());
                }
                if (values.stream().anyMatch(java.util.Objects::nonNull)) {
                    seg.put(metric, values);
                }
            }
            segments.add(0, seg);
            PbtJournal.Decision d = cur.decisions.get(from);
            if (d != null && d.exploits()) {
                cur = members.get(d.source());
            }
            to = from;
        }
        return segments;
    }

    /** Removes every member's boundary checkpoints, those of an interrupted run's too. */
    @Override
    public void deleteCheckpoints() {
        Path pattern = new Path(new Path(studyDir, StudyLayout.CHECKPOINTS), "trial-*-epoch-*.ckpt");
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
