package io.sparkhpo.driver.objective;

import io.sparkhpo.driver.runner.Done;
import io.sparkhpo.driver.runner.TrialBroker.Verdict;
import io.sparkhpo.driver.runner.Work;
import io.sparkhpo.driver.study.StudyLayout;
import io.sparkhpo.driver.runtime.HadoopCheckpointStore;
import io.sparkhpo.driver.runtime.PbtJournal;
import io.sparkhpo.search.json.Json;
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
 * {@link TrialLoop}'s policy for population-based training of a user's objective ({@code search.strategy = pbt}):
 * the population is the study's first {@code population} trials. At every {@code perturbation_interval}-th step a
 * member's checkpoint (saved before that report) is kept as the boundary's, and {@link Pbt} decides: asynchronously
 * at the report, among the members that have reached that boundary, or synchronously once every member has (each
 * member pauses there, giving its runner back). A member that exploits stops, takes the source's boundary
 * checkpoint as its own and runs again with the explored values, so its objective continues from the source's state.
 * A missing checkpoint fails the member that needs it, not the sweep. Each exploit is journaled ({@link PbtJournal})
 * once the checkpoint is in place: a resumed sweep gives each member the values its exploits left it, and it goes on
 * from its own checkpoint (the scores of the boundaries before the interruption are not kept: later decisions are
 * made among the members that report after it).
 */
final class PbtPolicy implements TrialLoop.Policy {

    private static final class Member {
        final int number;
        final long seed;
        final Map<String, Object> params;
        int attempt;
        boolean ended;
        boolean waiting;
        double startScore = Double.NaN;
        Pbt.Exploit pending;
        final Map<Integer, Map<String, Object>> paramsBefore = new HashMap<>();

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
    private final PrintStream err;
    private final Map<Integer, Member> members = new TreeMap<>();
    private final Deque<Member> unstarted = new ArrayDeque<>();
    /** Each boundary's scores (lower is better), by member, of the members that reached it. */
    private final Map<Integer, Map<Integer, Double>> scores = new TreeMap<>();
    private final List<Pbt.Observation> history = new ArrayList<>();
    private final PbtJournal journal;

    /**
     * @param finished the members a resumed sweep's tables hold already (they do not run again)
     */
    PbtPolicy(Study study, Pbt pbt, Map<String, Object> fixed, long seed, int maxSteps, String studyDir,
              Configuration hadoop, PbtJournal journal, java.util.Set<Integer> finished, PrintStream err) {
        this.journal = journal;
        this.study = study;
        this.pbt = pbt;
        this.maxSteps = maxSteps;
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
            Member m = new Member(t.number(), SampledPolicy.trialSeed(seed, t.number()), params);
            members.put(m.number, m);
        }
        for (Object o : journal.records()) { // a resumed sweep: each member's values as its exploits left them
            if (o instanceof PbtJournal.Decision d && d.exploits() && members.containsKey(d.member())) {
                members.get(d.member()).params.putAll(d.after());
            }
        }
        for (Member m : members.values()) {
            if (finished.contains(m.number)) {
                m.ended = true;
            } else {
                unstarted.add(m);
            }
        }
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
        return Json.write(mutated(members.get(work.trial()).params));
    }

    @Override
    public Verdict report(Work work, int step, double value) {
        study.report(work.trial(), step, value);
        Member m = members.get(work.trial());
        if (step % pbt.settings().interval() != 0 || step >= maxSteps) {
            return Verdict.CONTINUE;
        }
        m.paramsBefore.put(step, mutated(m.params));
        if (!copy(HadoopCheckpointStore.pathFor(studyDir, m.number), boundary(m.number, step))) {
            throw new IllegalStateException("PBT: trial " + m.number + " reported step " + step + " (a perturbation "
                    + "boundary) without a checkpoint: call saveCheckpoint before report");
        }
        if (Double.isFinite(m.startScore)) {
            history.add(new Pbt.Observation(step, mutated(m.params), m.startScore - sign * value));
        }
        scores.computeIfAbsent(step, k -> new TreeMap<>()).put(m.number, sign * value);
        if (pbt.settings().synchronous()) {
            return Verdict.PAUSE;
        }
        m.startScore = sign * value;
        m.pending = decide(m, step).orElse(null);
        return m.pending == null ? Verdict.CONTINUE : Verdict.PAUSE;
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
            w.waiting = false;
            int at = scores.keySet().stream().filter(b -> scores.get(b).containsKey(w.number)).max(Integer::compare)
                    .orElseThrow();
            w.startScore = scores.get(at).get(w.number);
            w.pending = decide(w, at).orElse(null);
            goOn(w, at, control);
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
        if (x != null) {
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
                control.fail(m.work(), "PBT: member " + x.source() + "'s checkpoint at step " + step + " is missing");
                return;
            }
            journal.add(new PbtJournal.Decision(step / pbt.settings().interval(), step, m.number, x.source(),
                    sign * scores.get(step).get(m.number), sign * scores.get(step).get(x.source()), x.before(), x.after()));
            m.params.putAll(x.after());
            m.startScore = scores.get(step).get(x.source());
            err.printf(Locale.ROOT, "sparkhpo: pbt: step %d: member %d takes member %d's checkpoint, %s -> %s%n", step,
                    m.number, x.source(), x.before(), x.after());
        }
        control.runAgain(m.work());
    }

    @Override
    public List<Map<String, Object>> exploits() {
        return journal.exploits(study.name());
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
