package io.sparkhpo.driver.sweep;

import io.sparkhpo.driver.runtime.HadoopCheckpointStore;
import io.sparkhpo.driver.runtime.PbtJournal;

import io.sparkhpo.driver.study.StudyLayout;
import io.sparkhpo.driver.tables.StudyTables.Placement;
import io.sparkhpo.executors.train.EpochMetrics;
import io.sparkhpo.executors.train.RunState;
import io.sparkhpo.executors.train.TrialResult;
import io.sparkhpo.executors.train.TrialSpec;
import io.sparkhpo.search.json.Json;
import io.sparkhpo.search.pbt.Pbt;
import io.sparkhpo.search.trial.Trial;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code search.strategy = pbt}: the population's members train in segments of {@code perturbation_interval} epochs,
 * each a Spark job through a checkpoint kept per member and boundary. At a boundary a member in the bottom quantile
 * takes a top member's checkpoint (weights, BatchNorm statistics, optimizer moments and step, schedule position) and
 * explores its mutated parameters ({@link Pbt}); synchronously once every member has reached the boundary, or as
 * each arrives (among those that have). At most {@code parallelism} segments run at once; the others wait their turn.
 * Every segment and decision is journaled ({@link PbtJournal}) before it is acted on, so a resumed sweep replays
 * them and goes on as the interrupted one would have.
 */
final class PbtLoop {

    /** One member: its trial number, parameters in force, progress and own epochs. Touched by the loop's thread only. */
    private static final class Member {
        final int number;
        Map<String, Object> params;
        int epoch;
        int source;
        boolean decided = true;
        boolean announced;
        String state;
        String message;
        double seconds;
        long parameters;
        Placement placement = Placement.NONE;
        final TreeMap<Integer, EpochMetrics> own = new TreeMap<>();
        final Map<Integer, String> paramsAt = new HashMap<>();
        final Map<Integer, Map<String, Object>> paramsBefore = new HashMap<>();
        final Map<Integer, PbtJournal.Decision> decisions = new HashMap<>();

        Member(int number, Map<String, Object> params) {
            this.number = number;
            this.params = new LinkedHashMap<>(params);
            this.source = number;
        }
    }

    private record Ran(Member member, int from, int to, Dispatcher.Finished finished) {
    }

    private final Pbt pbt;
    private final SegmentRunner runner;
    private final Function<Trial, TrialSpec> specs;
    private final PbtJournal journal;
    private final String studyDir;
    private final Configuration hadoop;
    private final Progress progress;
    private final PrintStream err;
    private final int epochs;
    private final Map<Integer, Member> members = new TreeMap<>();
    /** Each boundary's test errors, by member, of the members that reached it. */
    private final Map<Integer, Map<Integer, Double>> scores = new TreeMap<>();
    /** Every finished segment after the first boundary, as PB2 models it. */
    private final List<Pbt.Observation> history = new ArrayList<>();
    /** Why the sweep stops submitting segments (a task given a device its engine cannot use), as the plain sweep's. */
    private String stopReason;

    PbtLoop(Pbt pbt, SegmentRunner runner, Function<Trial, TrialSpec> specs, PbtJournal journal, String studyDir,
            Configuration hadoop, Progress progress, int epochs, PrintStream err) {
        this.pbt = pbt;
        this.runner = runner;
        this.specs = specs;
        this.journal = journal;
        this.studyDir = studyDir;
        this.hadoop = hadoop;
        this.progress = progress;
        this.epochs = epochs;
        this.err = err;
    }

    /**
     * Trains the population to the end.
     *
     * @param population every member's trial (its number and the parameters the sampler drew)
     * @param finished   the members whose rows are already in the tables (a resumed sweep's)
     * @param onFinish   called on this thread for each member as it ends, with its own epochs
     */
    void run(List<Trial> population, java.util.Set<Integer> finished, int parallelism, Consumer<Dispatcher.Finished> onFinish) {
        population.forEach(t -> members.put(t.number(), new Member(t.number(), t.params())));
        replay();
        Deque<Member> ready = new ArrayDeque<>();
        for (Member m : members.values()) {
            if (m.state != null) {
                if (!finished.contains(m.number)) {
                    onFinish.accept(result(m)); // it ended just before the interruption, its rows not yet written
                }
            } else if (m.decided) {
                ready.add(m);
            } else if (!pbt.settings().synchronous()) {
                decide(m);
                ready.add(m);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "sparkhpo-pbt");
            t.setDaemon(true);
            return t;
        });
        CompletionService<Ran> done = new ExecutorCompletionService<>(pool);
        int inFlight = 0;
        try {
            while (true) {
                while (stopReason == null && inFlight < parallelism && !ready.isEmpty()) {
                    submit(done, ready.poll());
                    inFlight++;
                }
                if (inFlight == 0 && stopReason != null) {
                    break; // the members not yet over stay RUNNING in the journal: the same command resumes them
                }
                if (inFlight == 0) {
                    List<Member> waiting = members.values().stream().filter(m -> m.state == null && !m.decided).toList();
                    if (waiting.isEmpty()) {
                        break;
                    }
                    waiting.forEach(this::decide); // a synchronous generation: every member has reached its boundary
                    ready.addAll(waiting);
                    continue;
                }
                Ran ran = done.take().get();
                inFlight--;
                Member m = ran.member();
                if (ran.finished().unusableDevice() && stopReason == null) {
                    Placement p = ran.finished().placement();
                    stopReason = "member " + m.number + " on executor " + p.executor() + " (" + p.host() + "): "
                            + ran.finished().result().message();
                    progress.stopping(stopReason, inFlight);
                }
                PbtJournal.Segment s = segment(ran);
                journal.add(s);
                apply(s);
                progress.segment(ran.finished().spec(), m.epoch, last(m), ran.finished().placement().executor());
                if (m.state != null) {
                    onFinish.accept(result(m));
                } else if (!pbt.settings().synchronous()) {
                    decide(m);
                    ready.add(m);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("PBT sweep interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("running a PBT segment failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Why the sweep stopped before its members ended; empty when they all did. */
    Optional<String> stopReason() {
        return Optional.ofNullable(stopReason);
    }

    /**
     * The best completed member's lineage as a schedule: for each segment, the member that trained it (the best one,
     * or the one it copied at the boundary after) and the parameters in force. Empty when no member completed.
     */
    Optional<Map<String, Object>> bestSchedule() {
        Optional<Member> best = members.values().stream().filter(m -> "COMPLETE".equals(m.state))
                .min(Comparator.comparingDouble(PbtLoop::last));
        return best.map(b -> {
            List<Map<String, Object>> segments = new ArrayList<>();
            Member cur = b;
            int to = epochs;
            while (to > 0) {
                int interval = pbt.settings().interval();
                int from = ((to - 1) / interval) * interval;
                Map<String, Object> seg = new LinkedHashMap<>();
                seg.put("from_epoch", from);
                seg.put("to_epoch", to);
                seg.put("member", cur.number);
                seg.put("params", cur.paramsBefore.get(to));
                List<Double> lr = new ArrayList<>();
                List<Double> wd = new ArrayList<>();
                for (int e = from; e < to; e++) {
                    EpochMetrics m = cur.own.get(e);
                    lr.add(m == null ? null : m.lr());
                    wd.add(m == null ? null : m.weightDecay());
                }
                seg.put("lr", lr);
                seg.put("weight_decay", wd);
                segments.add(0, seg);
                PbtJournal.Decision d = cur.decisions.get(from);
                if (d != null && d.exploits()) {
                    cur = members.get(d.source());
                }
                to = from;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("member", b.number);
            out.put("final_test_error", last(b));
            out.put("segments", segments);
            return out;
        });
    }

    /** Removes every member's boundary checkpoints (once the sweep has ended). */
    void deleteCheckpoints() {
        for (Member m : members.values()) {
            for (int b = pbt.settings().interval(); b < epochs + pbt.settings().interval(); b += pbt.settings().interval()) {
                new HadoopCheckpointStore(checkpoint(m.number, Math.min(b, epochs)), hadoop).delete();
            }
        }
    }

    private void replay() {
        for (Object o : journal.records()) {
            if (o instanceof PbtJournal.Segment s) {
                apply(s);
            } else {
                apply((PbtJournal.Decision) o);
            }
        }
    }

    private void apply(PbtJournal.Segment s) {
        Member m = members.get(s.member());
        String mutated = Json.write(mutated(s.params()));
        for (EpochMetrics e : s.epochs()) {
            if (e.epoch() >= s.from()) {
                m.own.put(e.epoch(), e);
                m.paramsAt.put(e.epoch(), mutated);
            }
        }
        m.seconds += s.seconds();
        m.parameters = s.parameters();
        m.placement = new Placement(s.executor(), s.host(), s.gpu());
        m.paramsBefore.put(s.to(), new LinkedHashMap<>(s.params()));
        if (!"COMPLETE".equals(s.state())) {
            m.state = s.state();
            m.message = s.message();
            return;
        }
        PbtJournal.Decision started = m.decisions.get(s.from());
        double end = s.epochs().isEmpty() ? Double.NaN : s.epochs().get(s.epochs().size() - 1).testError();
        if (started != null && Double.isFinite(started.sourceError() - end)) { // from its source's error, if it exploited
            history.add(new Pbt.Observation(s.to(), mutated(s.params()), started.sourceError() - end));
        }
        m.epoch = s.to();
        if (m.epoch >= epochs) {
            m.state = "COMPLETE";
            return;
        }
        scores.computeIfAbsent(m.epoch, k -> new TreeMap<>()).put(m.number, last(m));
        m.decided = false;
        m.source = m.number;
    }

    private void apply(PbtJournal.Decision d) {
        Member m = members.get(d.member());
        m.params.putAll(d.after());
        m.source = d.source();
        m.decided = true;
        m.decisions.put(d.epoch(), d);
    }

    /** The member's decision at its boundary, from the scores of the members that have reached it; journaled, applied. */
    private void decide(Member m) {
        int b = m.epoch;
        Map<Integer, Double> at = new TreeMap<>(scores.getOrDefault(b, Map.of()));
        Map<Integer, Map<String, Object>> params = new HashMap<>();
        at.keySet().forEach(n -> params.put(n, members.get(n).paramsBefore.get(b)));
        Optional<Pbt.Exploit> x = pbt.decide(m.number, b, at, params, List.copyOf(history));
        Map<String, Object> before = mutated(m.params);
        PbtJournal.Decision d = x.map(e -> new PbtJournal.Decision(b / pbt.settings().interval(), b, m.number, e.source(),
                        at.get(m.number), at.get(e.source()), e.before(), e.after()))
                .orElse(new PbtJournal.Decision(b / pbt.settings().interval(), b, m.number, m.number, at.get(m.number),
                        at.get(m.number), before, before));
        journal.add(d);
        apply(d);
        if (d.exploits()) {
            StringBuilder change = new StringBuilder();
            d.before().forEach((k, v) -> change.append(", ").append(k).append(' ').append(show(v)).append(" -> ")
                    .append(show(d.after().get(k))));
            err.printf(Locale.ROOT, "sparkhpo: pbt: epoch %d: member %d (test error %.4f) takes member %d's checkpoint "
                    + "(%.4f)%s%n", b, m.number, d.memberError(), d.source(), d.sourceError(), change);
        }
    }

    private void submit(CompletionService<Ran> done, Member m) {
        int from = m.epoch;
        int to = Math.min(epochs, from + pbt.settings().interval());
        Trial trial = new Trial(m.number, Map.copyOf(m.params));
        TrialSpec spec = specs.apply(trial);
        if (!m.announced) {
            progress.started(spec); // once per member and run: it shows as running until it ends
            m.announced = true;
        }
        String target = checkpoint(m.number, to);
        String start = from == 0 ? null : checkpoint(m.source, from);
        done.submit(() -> {
            if (start != null) {
                try {
                    copy(start, target);
                } catch (RuntimeException e) { // this member cannot go on; the others can, as in a plain sweep
                    return new Ran(m, from, to, new Dispatcher.Finished(trial, spec, TrialResult.of(spec.number(),
                            RunState.FAILED, List.of(), e.getMessage(), 0, 0), Placement.NONE));
                }
            }
            return new Ran(m, from, to, runner.runJob(trial, new Segment(spec, from, to, target)));
        });
    }

    private PbtJournal.Segment segment(Ran ran) {
        TrialResult r = ran.finished().result();
        Placement p = ran.finished().placement();
        return new PbtJournal.Segment(ran.member().number, ran.from(), ran.to(), r.state().name(), r.message(), r.wallSeconds(),
                r.parameters(), p.executor(), p.host(), p.gpu(), ran.finished().trial().params(),
                r.epochs().stream().filter(e -> e.epoch() >= ran.from()).toList());
    }

    private Dispatcher.Finished result(Member m) {
        Trial trial = new Trial(m.number, Map.copyOf(m.params));
        TrialResult r = new TrialResult(m.number, RunState.valueOf(m.state), List.copyOf(m.own.values()), m.message,
                m.seconds, m.parameters, null);
        return new Dispatcher.Finished(trial, specs.apply(trial), r, m.placement, false, Map.copyOf(m.paramsAt));
    }

    private Map<String, Object> mutated(Map<String, Object> params) {
        Map<String, Object> out = new LinkedHashMap<>();
        pbt.settings().mutations().forEach(k -> out.put(k, params.get(k)));
        return out;
    }

    private String checkpoint(int member, int epochs) {
        return new Path(studyDir, StudyLayout.checkpoint(member, epochs)).toString();
    }

    /** The source's checkpoint becomes the target's, whole or not at all. */
    private void copy(String source, String target) {
        try {
            if (!HadoopCheckpointStore.copy(source, target, hadoop)) {
                throw new IllegalStateException("PBT: the checkpoint " + source + " is missing");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("PBT: copying " + source + " to " + target + ": " + e.getMessage(), e);
        }
    }

    private static double last(Member m) {
        return m.own.isEmpty() ? Double.NaN : m.own.lastEntry().getValue().testError();
    }

    private static String show(Object v) {
        return v instanceof Double d ? String.format(Locale.ROOT, "%.4g", d) : String.valueOf(v);
    }
}
