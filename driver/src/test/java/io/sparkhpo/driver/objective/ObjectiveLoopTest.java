package io.sparkhpo.driver.objective;

import io.sparkhpo.driver.config.ObjectiveSource;
import io.sparkhpo.driver.runner.Placement;
import io.sparkhpo.driver.runner.Runner;
import io.sparkhpo.driver.runner.RunnerSpec;
import io.sparkhpo.driver.runner.TrialServer;
import io.sparkhpo.driver.runtime.HadoopCheckpointStore;
import io.sparkhpo.driver.tables.ParquetTableWriter;
import io.sparkhpo.search.json.Json;
import io.sparkhpo.search.pbt.Pbt;
import io.sparkhpo.search.pruner.Pruner;
import io.sparkhpo.search.sampler.Samplers;
import io.sparkhpo.search.space.FloatDistribution;
import io.sparkhpo.search.space.SearchSpace;
import io.sparkhpo.search.storage.InMemoryStorage;
import io.sparkhpo.search.study.Study;
import io.sparkhpo.search.trial.Direction;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Path;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import io.sparkhpo.driver.runner.Done;
import io.sparkhpo.driver.runner.Work;
import io.sparkhpo.driver.runner.TrialBroker;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one trial loop without Spark: runners are threads here, speaking to the driver's server as runner tasks do.
 * Its policies through the same loop: sampled trials (a runner that disappears in the middle of a trial has that
 * trial run again as the next attempt, from its checkpoint, and every trial ends exactly once), sampled trials with
 * a pruner, and a PBT population whose exploits continue from the source's checkpoint.
 */
class ObjectiveLoopTest {

    @TempDir
    Path dir;

    @Test
    void aLostRunnersTrialRunsAgainFromItsCheckpointAndEveryTrialEndsOnce() throws Exception {
        SearchSpace space = SearchSpace.builder().add("x", new FloatDistribution(-1, 1, false, 0)).build();
        Study study = new Study("loop", List.of(Direction.MINIMIZE), space, Samplers.get("random").create(
                new Samplers.Context(7, space, Map.of(), Map.of()), Pruner.NONE), Pruner.NONE, new InMemoryStorage());
        String studyDir = dir.toUri().toString();
        PrintStream err = new PrintStream(new java.io.ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Recorder recorder = new Recorder(study, new ParquetTableWriter(studyDir, new Configuration()),
                ObjectiveTables.trials(space, Map.of("steps", 5L, "sleep_ms", 1L)),
                new Recorder.StudyInfo("loop", TestObjectives.Curve.class.getName(), List.of("value"), "value:minimize", "test"),
                10, err);
        TrialLoop loop = new TrialLoop("loop", new SampledPolicy(study, 10, Map.of("steps", 5L, "sleep_ms", 1L), 7), 2,
                recorder);
        try (TrialServer server = new TrialServer("127.0.0.1", loop)) {
            RunnerSpec.Address at = server.address();
            int lostTrial = loseARunner(at, studyDir);
            RunnerSpec spec = new RunnerSpec(at, ObjectiveSource.ofClass(TestObjectives.Curve.class.getName()), "loop",
                    studyDir, List.of("value"), 1);
            AtomicInteger ran = new AtomicInteger();
            List<Thread> runners = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Placement where = new Placement("runner-" + i, "localhost", List.of());
                Thread t = new Thread(() -> {
                    try {
                        ran.addAndGet(new Runner(spec, where, new Configuration(), getClass().getClassLoader()).run());
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                t.start();
                runners.add(t);
            }
            while (!loop.awaitEnd(1000)) {
                // the runners work
            }
            for (Thread t : runners) {
                t.join(10_000);
            }
            recorder.finish();
            assertEquals(10, ran.get(), "the runners ran the 9 other trials and the lost one once more");
            List<Map<String, Object>> rows = recorder.rows();
            assertEquals(10, rows.size());
            Set<Object> numbers = new HashSet<>();
            for (Map<String, Object> r : rows) {
                assertTrue(numbers.add(r.get("trial")), "each trial once");
                assertEquals(io.sparkhpo.executors.train.RunState.COMPLETE.name(), r.get("state"), String.valueOf(r.get("error")));
                Map<String, Object> attrs = Json.read((String) r.get("user_attrs"));
                boolean lost = r.get("trial").equals(lostTrial);
                assertEquals(lost ? 2 : 1, r.get("attempts"));
                assertEquals(lost ? 1L : 0L, attrs.get("attempt"));
                assertEquals(lost ? 3L : 0L, attrs.get("started_at"), "the retry continued from the checkpoint");
                assertTrue(r.get("executor").toString().startsWith("runner-"));
            }
            assertTrue(study.trials().stream().allMatch(t -> t.state().isFinished()), "every trial told to the study");
        }
    }

    /** Runs {@code loop} with {@code n} runner threads of {@code objective} until it ends; returns the trials they ran. */
    static int runners(TrialLoop loop, TrialServer server, Class<?> objective, String studyDir, int n) throws Exception {
        RunnerSpec spec = new RunnerSpec(server.address(), ObjectiveSource.ofClass(objective.getName()), "loop", studyDir,
                List.of("value"), 1);
        AtomicInteger ran = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Placement where = new Placement("runner-" + i, "localhost", List.of());
            Thread t = new Thread(() -> {
                try {
                    ran.addAndGet(new Runner(spec, where, new Configuration(), ObjectiveLoopTest.class.getClassLoader()).run());
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            t.start();
            threads.add(t);
        }
        while (!loop.awaitEnd(1000)) {
            // the runners work
        }
        for (Thread t : threads) {
            t.join(10_000);
        }
        return ran.get();
    }

    private static Study study(SearchSpace space, String sampler, Pruner pruner) {
        return new Study("loop", List.of(Direction.MINIMIZE), space, Samplers.get(sampler).create(
                new Samplers.Context(7, space, Map.of("lr", 4), sampler.equals("grid") ? Map.of() : Map.of()), pruner),
                pruner, new InMemoryStorage());
    }

    private Recorder recorder(Study study, SearchSpace space, Map<String, Object> fixed, int total) {
        return new Recorder(study, new ParquetTableWriter(dir.toUri().toString(), new Configuration()),
                ObjectiveTables.trials(space, fixed), new Recorder.StudyInfo("loop", "test", List.of("value"),
                "value:minimize", "test"), total, new PrintStream(new java.io.ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @Test
    void aPrunerStopsTrialsThroughTheSameLoop() throws Exception {
        SearchSpace space = SearchSpace.builder().add("x", new FloatDistribution(-1, 1, false, 0)).build();
        Pruner median = io.sparkhpo.search.pruner.Pruners.get("median").create(Map.of("startup_trials", 2L,
                "warmup_epochs", 0L), 6);
        Study study = study(space, "random", median);
        Map<String, Object> fixed = Map.of("steps", 6L, "sleep_ms", 0L);
        Recorder recorder = recorder(study, space, fixed, 12);
        TrialLoop loop = new TrialLoop("loop", new SampledPolicy(study, 12, fixed, 7), 2, recorder);
        try (TrialServer server = new TrialServer("127.0.0.1", loop)) {
            assertEquals(12, runners(loop, server, TestObjectives.Curve.class, dir.toUri().toString(), 1));
        }
        recorder.finish();
        List<Map<String, Object>> rows = recorder.rows();
        assertEquals(12, rows.size());
        long pruned = rows.stream().filter(r -> "PRUNED".equals(r.get("state"))).count();
        assertTrue(pruned > 0, "the median pruner stopped some: " + rows);
        // a trial stops at the report the pruner judged; that may be its last one (step 6), as in Optuna, when the
        // other runner's reports moved the median past it first (the two runners' order is not fixed)
        rows.stream().filter(r -> "PRUNED".equals(r.get("state"))).forEach(r -> {
            int steps = (Integer) r.get("steps");
            assertTrue(steps >= 1 && steps <= 6, "stopped at a step it reached: " + r);
            assertTrue(((String) r.get("error")).startsWith("pruned at step " + steps + " "), "stopped at the step it reached: " + r);
        });
    }

    @Test
    void pbtRunsThroughTheSameLoopAndExploitsContinueFromTheSource() throws Exception {
        SearchSpace space = SearchSpace.builder().add("lr", new FloatDistribution(0.01, 1, true, 0)).build();
        Study study = study(space, "grid", Pruner.NONE);
        Map<String, Object> fixed = Map.of("steps", 6L, "sleep_ms", 2L);
        Recorder recorder = recorder(study, space, fixed, 4);
        Pbt pbt = new Pbt(new Pbt.Settings(4, 2, 0.25, 0.25, List.of(0.8, 1.2), List.of("lr"), true, true, 7, false), space);
        String studyDir = dir.toUri().toString();
        PbtPolicy policy = new PbtPolicy(study, pbt, fixed, 7, 6, "step", studyDir, new Configuration(),
                io.sparkhpo.driver.runtime.PbtJournal.open(studyDir, new Configuration()), Set.of(),
                new PrintStream(new java.io.ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        TrialLoop loop = new TrialLoop("loop", policy, 2, recorder);
        try (TrialServer server = new TrialServer("127.0.0.1", loop)) {
            runners(loop, server, TestObjectives.Climb.class, studyDir, 2);
        }
        recorder.finish();
        assertEquals(4, recorder.rows().size());
        assertTrue(recorder.rows().stream().allMatch(r -> io.sparkhpo.executors.train.RunState.COMPLETE.name().equals(r.get("state"))), String.valueOf(recorder.rows()));
        List<Map<String, Object>> exploits = policy.exploits();
        assertTrue(!exploits.isEmpty(), "synchronously, the worst member (lr = 1) always takes the best one's checkpoint");
        for (Map<String, Object> x : exploits) {
            assertEquals(0, x.get("source"), "the best member is lr = 0.01, member 0");
        }
        double best = recorder.rows().stream().mapToDouble(r -> (Double) r.get("objective")).min().orElseThrow();
        assertEquals(100 - 6, best, 1e-9, "member 0 climbed 1 a step");
    }

    private static final io.sparkhpo.driver.runner.Placement RUNNER = new io.sparkhpo.driver.runner.Placement("1", "h", List.of());

    private static Done done(Work w, Done.State state, Map<String, Object> attrs, int steps) {
        return new Done(w.trial(), w.attempt(), state, state == Done.State.COMPLETE ? Map.of("value", 1.0 * w.trial())
                : Map.of(), state == Done.State.COMPLETE ? null : "stopped", attrs, 0.1, steps);
    }

    /**
     * The stop rule, driven by a fake runner (no server, no Spark): a trial that ends saying the sweep must stop (a
     * GPU its engine cannot use) stops the loop handing out trials, for sampled trials and for a PBT population alike;
     * the trials in flight still end and are recorded.
     */
    @Test
    void aTrialThatStopsTheSweepEndsItForSampledTrialsAndPbtAlike() throws Exception {
        SearchSpace space = SearchSpace.builder().add("lr", new FloatDistribution(0.01, 1, true, 0)).build();
        for (boolean pbtSweep : List.of(false, true)) {
            Study study = study(space, "grid", Pruner.NONE);
            Map<String, Object> fixed = Map.of("steps", 4L);
            Recorder recorder = recorder(study, space, fixed, 4);
            String studyDir = dir.resolve(pbtSweep ? "pbt" : "plain").toUri().toString();
            TrialLoop.Policy policy = pbtSweep ? new PbtPolicy(study, new Pbt(new Pbt.Settings(4, 2, 0.25, 0.25,
                    List.of(0.8, 1.2), List.of("lr"), true, true, 7, false), space), fixed, 7, 4, "step", studyDir,
                    new Configuration(), io.sparkhpo.driver.runtime.PbtJournal.open(studyDir, new Configuration()), Set.of(),
                    new PrintStream(new java.io.ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                    : new SampledPolicy(study, 4, fixed, 7);
            TrialLoop loop = new TrialLoop("loop", policy, 2, recorder);
            Work a = loop.next(RUNNER).orElseThrow();
            Work b = loop.next(RUNNER).orElseThrow();
            loop.done(a, done(a, Done.State.FAILED, Map.of(Done.STOP, "this GPU is not one the engine can use"), 0), RUNNER);
            assertTrue(loop.stopReason().orElseThrow().contains("not one the engine can use"), loop.stopReason().toString());
            loop.done(b, done(b, Done.State.COMPLETE, Map.of(), 4), RUNNER);
            assertEquals(Optional.empty(), loop.next(RUNNER), "no trial starts after the stop");
            assertTrue(loop.awaitEnd(1000), "and the loop is over");
            recorder.finish();
            assertEquals(List.of("FAILED", io.sparkhpo.executors.train.RunState.COMPLETE.name()), recorder.rows().stream().map(r -> r.get("state")).toList());
        }
    }

    /**
     * A synchronous PBT generation whose source's boundary checkpoint is gone when the bottom member exploits it:
     * that member ends FAILED saying so, the others go on from their own checkpoints and complete. Driven by a fake
     * runner that saves a checkpoint before each boundary report, as an objective does.
     */
    @Test
    void aMissingSourceCheckpointFailsThatMemberOnly() throws Exception {
        SearchSpace space = SearchSpace.builder().add("lr", new FloatDistribution(0.01, 1, true, 0)).build();
        Study study = study(space, "grid", Pruner.NONE);
        Map<String, Object> fixed = Map.of("steps", 4L);
        Recorder recorder = recorder(study, space, fixed, 4);
        String studyDir = dir.toUri().toString();
        PbtPolicy policy = new PbtPolicy(study, new Pbt(new Pbt.Settings(4, 2, 0.25, 0.25, List.of(0.8, 1.2),
                List.of("lr"), true, true, 7, false), space), fixed, 7, 4, "step", studyDir, new Configuration(),
                io.sparkhpo.driver.runtime.PbtJournal.open(studyDir, new Configuration()), Set.of(),
                new PrintStream(new java.io.ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        TrialLoop loop = new TrialLoop("loop", policy, 2, recorder);
        List<Work> members = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            members.add(loop.next(RUNNER).orElseThrow());
        }
        for (Work w : members) { // member n scores n: member 0 is the best, member 3 the bottom quantile
            new HadoopCheckpointStore(HadoopCheckpointStore.pathFor(studyDir, w.trial()), new Configuration())
                    .write(o -> o.write(w.trial()));
            assertEquals(TrialBroker.Verdict.CONTINUE, loop.report(w, 1, w.trial(), Map.of(), 0.1));
            assertEquals(TrialBroker.Verdict.PAUSE, loop.report(w, 2, w.trial(), Map.of(), 0.1), "a boundary");
        }
        java.nio.file.Files.delete(java.nio.file.Path.of(java.net.URI.create(studyDir)).resolve(
                io.sparkhpo.driver.study.StudyLayout.checkpoint(0, 2))); // the source's boundary checkpoint is lost
        for (Work w : members) {
            loop.done(w, done(w, Done.State.PAUSED, Map.of(), 2), RUNNER); // the last one starts the generation
        }
        List<Integer> goOn = new java.util.ArrayList<>();
        for (Optional<Work> w = loop.next(RUNNER); w.isPresent(); w = loop.next(RUNNER)) {
            Work x = w.get();
            goOn.add(x.trial());
            loop.report(x, 3, x.trial(), Map.of(), 0.1);
            loop.report(x, 4, x.trial(), Map.of(), 0.1);
            loop.done(x, done(x, Done.State.COMPLETE, Map.of(), 4), RUNNER);
        }
        assertEquals(List.of(0, 1, 2), goOn.stream().sorted().toList(), "the others went on");
        recorder.finish();
        Map<Object, Map<String, Object>> rows = new java.util.TreeMap<>();
        recorder.rows().forEach(r -> rows.put(r.get("trial"), r));
        assertEquals("FAILED", rows.get(3).get("state"));
        assertTrue(String.valueOf(rows.get(3).get("error")).contains("member 0's checkpoint at step 2 is missing"),
                String.valueOf(rows.get(3)));
        for (int n = 0; n < 3; n++) {
            assertEquals(io.sparkhpo.executors.train.RunState.COMPLETE.name(), rows.get(n).get("state"), String.valueOf(rows.get(n)));
        }
    }

    /**
     * A synchronous member whose runner is lost after its boundary report (journaled) but before it paused: it does
     * not train past the boundary again; it waits there, and the generation decides with every member, the lost one
     * going on as its next attempt.
     */
    @Test
    void aMemberLostAtItsBoundaryDecidesThereWithTheOthers() throws Exception {
        SearchSpace space = SearchSpace.builder().add("lr", new FloatDistribution(0.01, 1, true, 0)).build();
        Study study = study(space, "grid", Pruner.NONE);
        Map<String, Object> fixed = Map.of("steps", 4L);
        String studyDir = dir.toUri().toString();
        io.sparkhpo.driver.runtime.PbtJournal journal = io.sparkhpo.driver.runtime.PbtJournal.open(studyDir, new Configuration());
        PbtPolicy policy = new PbtPolicy(study, new Pbt(new Pbt.Settings(4, 2, 0.25, 0.25, List.of(0.8, 1.2),
                List.of("lr"), true, true, 7, false), space), fixed, 7, 4, "step", studyDir, new Configuration(), journal,
                Set.of(), new PrintStream(new java.io.ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        TrialLoop loop = new TrialLoop("loop", policy, 2, recorder(study, space, fixed, 4));
        List<Work> members = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            members.add(loop.next(RUNNER).orElseThrow());
        }
        for (Work w : members) {
            new HadoopCheckpointStore(HadoopCheckpointStore.pathFor(studyDir, w.trial()), new Configuration())
                    .write(o -> o.write(w.trial()));
            assertEquals(TrialBroker.Verdict.PAUSE, loop.report(w, 2, w.trial(), Map.of(), 0.1));
        }
        for (Work w : members.subList(0, 3)) {
            loop.done(w, done(w, Done.State.PAUSED, Map.of(), 2), RUNNER);
        }
        loop.lost(members.get(3), RUNNER, "its runner's connection broke");
        Map<Integer, Integer> again = new java.util.TreeMap<>();
        for (int i = 0; i < 4; i++) {
            Work w = loop.next(RUNNER).orElseThrow();
            again.put(w.trial(), w.attempt());
        }
        assertEquals(Map.of(0, 0, 1, 0, 2, 0, 3, 1), again, "every member goes on, the lost one as its next attempt");
        long decisions = journal.records().stream().filter(r -> r instanceof io.sparkhpo.driver.runtime.PbtJournal.Decision).count();
        long boundaries = journal.records().stream().filter(r -> r instanceof io.sparkhpo.driver.runtime.PbtJournal.Boundary).count();
        assertEquals(4, boundaries, "each member's boundary once");
        assertEquals(4, decisions, "each member decided at it once");
    }

    /** A runner that takes a trial, saves a checkpoint at step 3, reports once and vanishes. Returns its trial. */
    private static int loseARunner(RunnerSpec.Address at, String studyDir) throws Exception {
        try (Socket s = new Socket(at.host(), at.port())) {
            Writer out = new java.io.OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            out.write(Json.write(Map.of("op", "hello", "token", at.token(), "executor", "lost", "host", "h",
                    "gpus", List.of())) + "\n");
            out.flush();
            assertEquals("welcome", Json.read(in.readLine()).get("op"));
            out.write("{\"op\":\"next\"}\n");
            out.flush();
            Map<String, Object> work = Json.read(in.readLine());
            int trial = ((Number) work.get("trial")).intValue();
            new HadoopCheckpointStore(HadoopCheckpointStore.pathFor(studyDir, trial), new Configuration())
                    .write(o -> o.write(ByteBuffer.allocate(4).putInt(3).array()));
            out.write(Json.write(Map.of("op", "report", "trial", trial, "step", 1, "value", 1.0, "metrics", Map.of(),
                    "seconds", 0.1)) + "\n");
            out.flush();
            assertEquals("verdict", Json.read(in.readLine()).get("op"));
            return trial;
        }
    }
}
