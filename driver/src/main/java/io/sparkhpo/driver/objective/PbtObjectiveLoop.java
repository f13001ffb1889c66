package io.sparkhpo.driver.objective;

import io.sparkhpo.driver.runner.Done;
import io.sparkhpo.driver.runner.Placement;
import io.sparkhpo.driver.runner.TrialBroker;
import io.sparkhpo.driver.runner.Work;
import io.sparkhpo.driver.study.StudyLayout;
import io.sparkhpo.driver.sweep.HadoopCheckpointStore;
import io.sparkhpo.search.json.Json;
import io.sparkhpo.search.pbt.Pbt;
import io.sparkhpo.search.study.Study;
import io.sparkhpo.search.trial.Direction;
import io.sparkhpo.search.trial.Trial;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.PrintStream;
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
 * Population-based training of a user's objective ({@code search.strategy = pbt}), as the runners pull it: the
 * population is the study's first {@code population} trials. At every {@code perturbation_interval}-th step a
 * member's checkpoint (saved before that report) is kept as the boundary's, and {@link Pbt} decides: asynchronously
 * at the report, among the members that have reached that boundary, or synchronously once every member has (each
 * member pauses there, giving its runner back). A member that exploits stops, takes the source's boundary
 * checkpoint as its own and runs again with the explored values, so its objective continues from the source's
 * state. Lost runners are retried as in {@link ObjectiveLoop}.
 */
final class PbtObjectiveLoop implements Loop {

    private static final class Member {
        final int number;
        final long seed;
        final Map<String, Object> params;
        int attempt;
        boolean ended;
        boolean waiting;
        double startScore = Double.NaN;
        Pbt.Exploit pending;
        final List<Map<String, Object>> epochs = new ArrayList<>();
        final Map<Integer, Map<String, Object>> paramsBefore = new HashMap<>();

        Member(int number, long seed, Map<String, Object> params) {
            this.number = number;
            this.seed = seed;
            this.params = new LinkedHashMap<>(params);
        }
    }

    private final Study study;
    private final Pbt pbt;
    private final Recorder recorder;
    private final String studyDir;
    private final Configuration hadoop;
    private final int maxRetries;
    private final int maxSteps;
    private final double sign;
    private final PrintStream err;
    private final Map<Integer, Member> members = new TreeMap<>();
    private final Deque<Work> ready = new ArrayDeque<>();
    private final Map<Integer, Work> running = new HashMap<>();
    private final Map<Integer, Map<Integer, Double>> scores = new TreeMap<>();
    private final List<Pbt.Observation> history = new ArrayList<>();
    private final List<Map<String, Object>> exploits = new ArrayList<>();
    private boolean ended;

    PbtObjectiveLoop(Study study, Pbt pbt, Map<String, Object> fixed, long seed, int maxRetries, int maxSteps,
                     Recorder recorder, String studyDir, Configuration hadoop, PrintStream err) {
        this.maxSteps = maxSteps;
        this.study = study;
        this.pbt = pbt;
        this.recorder = recorder;
        this.studyDir = studyDir;
        this.hadoop = hadoop;
        this.maxRetries = maxRetries;
        this.err = err;
        this.sign = study.directions().get(0) == Direction.MAXIMIZE ? -1 : 1;
        for (int i = 0; i < pbt.settings().population(); i++) {
            Trial t = study.ask();
            Map<String, Object> params = new LinkedHashMap<>(fixed);
            params.putAll(t.params());
            Member m = new Member(t.number(), ObjectiveLoop.trialSeed(seed, t.number()), params);
            members.put(m.number, m);
            ready.add(work(m));
        }
    }

    @Override
    public synchronized Optional<Work> next(Placement runner) throws InterruptedException {
        while (!ended) {
            Work w = ready.poll();
            if (w != null) {
                running.put(w.trial(), w);
                return Optional.of(w);
            }
            if (members.values().stream().allMatch(m -> m.ended)) {
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
        study.report(work.trial(), step, value);
        synchronized (this) {
            Member m = members.get(work.trial());
            Map<String, Object> row = ObjectiveTables.epochRow(study.name(), m.number, m.attempt, step, value, metrics,
                    seconds);
            row.put("params", Json.write(mutated(m.params)));
            m.epochs.add(row);
            int interval = pbt.settings().interval();
            if (step % interval != 0 || step >= maxSteps) {
                return Verdict.CONTINUE;
            }
            m.paramsBefore.put(step, mutated(m.params));
            String own = HadoopCheckpointStore.pathFor(studyDir, m.number);
            try {
                if (!HadoopCheckpointStore.copy(own, boundary(m.number, step), hadoop)) {
                    throw new IllegalStateException("PBT: trial " + m.number + " reported step " + step + " (a "
                            + "perturbation boundary) without a checkpoint: call saveCheckpoint before report");
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("PBT: keeping trial " + m.number + "'s checkpoint at step "
                        + step + ": " + e.getMessage(), e);
            }
            if (Double.isFinite(m.startScore)) {
                history.add(new Pbt.Observation(step, mutated(m.params), m.startScore - sign * value));
            }
            scores.computeIfAbsent(step, k -> new TreeMap<>()).put(m.number, sign * value);
            if (pbt.settings().synchronous()) {
                return Verdict.PAUSE;
            }
            m.startScore = sign * value;
            Optional<Pbt.Exploit> x = decide(m, step);
            if (x.isPresent()) {
                m.pending = x.get();
                return Verdict.PAUSE;
            }
            return Verdict.CONTINUE;
        }
    }

    @Override
    public synchronized void done(Work work, Done done, Placement where) {
        running.remove(work.trial());
        Member m = members.get(work.trial());
        if (done.state().equals(Done.PAUSED)) {
            if (pbt.settings().synchronous()) {
                m.waiting = true;
                generation(done.steps());
            } else {
                exploit(m, done.steps());
                ready.add(work(m));
            }
        } else {
            m.ended = true;
            Work last = new Work(m.number, m.attempt, m.seed, m.params);
            recorder.ended(last, done, where, List.copyOf(m.epochs));
            if (pbt.settings().synchronous()) {
                generation(done.steps());
            }
        }
        notifyAll();
    }

    @Override
    public synchronized void lost(Work work, Placement where, String why) {
        running.remove(work.trial());
        Member m = members.get(work.trial());
        if (work.attempt() < maxRetries) {
            recorder.retrying(work, where, why);
            m.attempt = work.attempt() + 1;
            ready.addFirst(work(m));
        } else {
            m.ended = true;
            recorder.ended(work, new Done(m.number, work.attempt(), "FAILED", Map.of(), "lost its runner "
                    + (work.attempt() + 1) + " time(s), the last time because " + why, Map.of(), 0, 0), where,
                    List.copyOf(m.epochs));
        }
        notifyAll();
    }

    /** Synchronous PBT: once every member still training waits at a boundary, each decides there and goes on. */
    private void generation(int step) {
        List<Member> alive = members.values().stream().filter(x -> !x.ended).toList();
        if (alive.isEmpty() || !alive.stream().allMatch(x -> x.waiting)) {
            return;
        }
        for (Member w : alive) {
            w.waiting = false;
            int at = scores.keySet().stream().filter(b -> scores.get(b).containsKey(w.number)).max(Integer::compare)
                    .orElse(step);
            w.startScore = scores.get(at).get(w.number);
            decide(w, at).ifPresent(x -> w.pending = x);
            exploit(w, at);
            ready.add(work(w));
        }
    }

    private Optional<Pbt.Exploit> decide(Member m, int step) {
        Map<Integer, Double> at = new TreeMap<>(scores.getOrDefault(step, Map.of()));
        Map<Integer, Map<String, Object>> params = new HashMap<>();
        at.keySet().forEach(n -> params.put(n, members.get(n).paramsBefore.get(step)));
        return pbt.decide(m.number, step, at, params, List.copyOf(history));
    }

    /** A pending exploit: the source's boundary checkpoint becomes the member's, and the explored values its own. */
    private void exploit(Member m, int step) {
        Pbt.Exploit x = m.pending;
        m.pending = null;
        if (x == null) {
            return;
        }
        try {
            if (!HadoopCheckpointStore.copy(boundary(x.source(), step), HadoopCheckpointStore.pathFor(studyDir, m.number),
                    hadoop)) {
                throw new IllegalStateException("PBT: member " + x.source() + "'s checkpoint at step " + step + " is missing");
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("PBT: copying member " + x.source() + "'s checkpoint: " + e.getMessage(), e);
        }
        m.params.putAll(x.after());
        m.startScore = scores.get(step).get(x.source());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("study", study.name());
        r.put("generation", step / pbt.settings().interval());
        r.put("epoch", step);
        r.put("target", m.number);
        r.put("source", x.source());
        r.put("target_error", sign * scores.get(step).get(m.number));
        r.put("source_error", sign * scores.get(step).get(x.source()));
        r.put("before", Json.write(x.before()));
        r.put("after", Json.write(x.after()));
        exploits.add(r);
        err.printf(Locale.ROOT, "sparkhpo: pbt: step %d: member %d takes member %d's checkpoint, %s -> %s%n", step,
                m.number, x.source(), x.before(), x.after());
    }

    @Override
    public synchronized boolean awaitEnd(long millis) throws InterruptedException {
        if (!ended && members.values().stream().allMatch(m -> m.ended)) {
            ended = true;
            notifyAll();
        }
        if (!ended) {
            wait(millis);
        }
        return ended && running.isEmpty();
    }

    @Override
    public synchronized void abort() {
        ended = true;
        notifyAll();
    }

    @Override
    public synchronized List<Map<String, Object>> exploits() {
        return List.copyOf(exploits);
    }

    @Override
    public void deleteCheckpoints() {
        for (Map.Entry<Integer, Map<Integer, Double>> b : scores.entrySet()) {
            b.getValue().keySet().forEach(n -> new HadoopCheckpointStore(boundary(n, b.getKey()), hadoop).delete());
        }
    }

    private Work work(Member m) {
        return new Work(m.number, m.attempt, m.seed, m.params);
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
