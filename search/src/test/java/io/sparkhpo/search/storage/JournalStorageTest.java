package io.sparkhpo.search.storage;

import io.sparkhpo.search.study.Study;
import io.sparkhpo.search.trial.Outcome;
import io.sparkhpo.search.trial.Trial;
import io.sparkhpo.search.trial.TrialSnapshot;
import io.sparkhpo.search.trial.TrialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalStorageTest {

    @TempDir
    Path dir;

    @Test
    void everyChangeSurvivesReopening() throws IOException {
        Path f = dir.resolve("j.log");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("lr", 0.01);
        params.put("width", 16L);
        params.put("opt", "adam\"w\n");
        params.put("nesterov", true);
        try (JournalStorage j = JournalStorage.open(f, JournalStorage.Orphans.FAIL)) {
            j.enqueue(params);
            j.add(new Trial(0, params), true);
            j.report(0, 0, 0.5);
            j.report(0, 1, Double.NaN);
            j.finish(0, new Outcome.Pruned(1));
            j.add(new Trial(1, params));
            j.finish(1, new Outcome.Complete(-1.5e-300));
            j.add(new Trial(2, params));
            j.finish(2, new Outcome.Failed("out of memory: \"x\""));
        }
        try (JournalStorage j = JournalStorage.open(f, JournalStorage.Orphans.FAIL)) {
            List<TrialSnapshot> t = j.trials();
            assertEquals(3, t.size());
            assertEquals(params, t.get(0).params());
            assertEquals(List.of("lr", "width", "opt", "nesterov"), List.copyOf(t.get(0).params().keySet()));
            assertEquals(Long.class, t.get(0).params().get("width").getClass());
            assertEquals(TrialState.PRUNED, t.get(0).state());
            assertTrue(Double.isNaN(t.get(0).intermediate().get(1)));
            assertEquals(-1.5e-300, t.get(1).value().getAsDouble());
            assertEquals("out of memory: \"x\"", t.get(2).message().orElseThrow());
            assertTrue(j.queued().isEmpty());
        }
    }

    @Test
    void aRecordCutShortByACrashIsDropped() throws IOException {
        Path f = dir.resolve("torn.log");
        try (JournalStorage j = JournalStorage.open(f, JournalStorage.Orphans.FAIL)) {
            j.add(new Trial(0, Map.of("x", 1.0)));
            j.finish(0, new Outcome.Complete(2.0));
        }
        long good = Files.size(f);
        Files.writeString(f, "0badc0de {\"op\":\"add\",\"n\":1,\"par", StandardOpenOption.APPEND);
        try (JournalStorage j = JournalStorage.open(f, JournalStorage.Orphans.FAIL)) {
            assertEquals(1, j.trials().size());
            assertEquals(good, Files.size(f), "truncated to the last whole record");
            j.add(new Trial(1, Map.of("x", 3.0)));
        }
        try (JournalStorage j = JournalStorage.open(f, JournalStorage.Orphans.FAIL)) {
            assertEquals(2, j.trials().size());
        }
    }

    @Test
    void corruptionInTheMiddleIsAnErrorNamingTheLine() throws IOException {
        Path f = dir.resolve("bad.log");
        try (JournalStorage j = JournalStorage.open(f, JournalStorage.Orphans.FAIL)) {
            j.add(new Trial(0, Map.of("x", 1.0)));
            j.finish(0, new Outcome.Complete(2.0));
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(f));
        lines.set(1, lines.get(1).replace("1.0", "9.0")); // checksum no longer matches
        Files.write(f, lines);
        IOException e = assertThrows(IOException.class, () -> JournalStorage.open(f, JournalStorage.Orphans.FAIL));
        assertTrue(e.getMessage().contains(f + ":2: corrupt journal record (checksum mismatch)"), e.getMessage());
    }

    @Test
    void oneProcessAtATime() throws IOException {
        Path f = dir.resolve("locked.log");
        try (JournalStorage j = JournalStorage.open(f, JournalStorage.Orphans.FAIL)) {
            IOException e = assertThrows(IOException.class, () -> JournalStorage.open(f, JournalStorage.Orphans.FAIL));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        }
    }

    @Test
    void orphansFailOrAreRetried() throws IOException {
        Path f = dir.resolve("orphans.log");
        try (JournalStorage j = JournalStorage.open(f, JournalStorage.Orphans.FAIL)) {
            j.add(new Trial(0, Map.of("x", 1.0)));
            j.report(0, 0, 3.0);
        } // "dies" with trial 0 RUNNING
        Path copy = dir.resolve("orphans-copy.log");
        Files.copy(f, copy);
        try (JournalStorage j = JournalStorage.open(f, JournalStorage.Orphans.RETRY)) {
            Study s = StudyWorker.study(j);
            assertEquals(TrialState.RUNNING, j.trials().get(0).state());
            Trial again = s.ask();
            assertEquals(0, again.number());
            assertEquals(Map.of("x", 1.0), again.params());
            assertTrue(j.trials().get(0).intermediate().isEmpty(), "a retry starts over");
        }
        try (JournalStorage j = JournalStorage.open(copy, JournalStorage.Orphans.FAIL)) {
            TrialSnapshot t = j.trials().get(0);
            assertEquals(TrialState.FAILED, t.state());
            assertTrue(t.message().orElseThrow().contains("died"), t.message().toString());
        }
    }

    /**
     * A study process is SIGKILLed mid-run and started again on its journal: it finishes with every completed
     * trial kept once, and with exactly the trials (numbers, parameters, values) of an uninterrupted run.
     */
    @Test
    void killedStudyResumesAsIfUninterrupted() throws Exception {
        Path f = dir.resolve("resume.log");
        int trials = 30;
        Process first = worker(f, trials, 15);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (finishes(f) < 12 && System.nanoTime() < deadline && first.isAlive()) {
            Thread.sleep(20);
        }
        assertTrue(first.isAlive(), "the first process must still be running when killed");
        first.destroyForcibly(); // SIGKILL: no shutdown hooks, the lock dies with the process
        first.waitFor();
        int before = finishes(f);
        assertTrue(before >= 12 && before < trials, "killed after " + before + " trials");

        Process second = worker(f, trials, 0);
        String out = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, second.waitFor(), out);

        Study uninterrupted = StudyWorker.study(new InMemoryStorage());
        StudyWorker.work(uninterrupted, trials, 0);
        try (JournalStorage j = JournalStorage.open(f, JournalStorage.Orphans.FAIL)) {
            List<TrialSnapshot> resumed = j.trials();
            assertEquals(trials, resumed.size(), "no trial lost or duplicated");
            assertTrue(resumed.stream().allMatch(t -> t.state() == TrialState.COMPLETE));
            assertEquals(uninterrupted.trials(), resumed, "the resumed study asked what the uninterrupted one asked");
        }
    }

    private static int finishes(Path f) throws IOException {
        if (!Files.exists(f)) {
            return 0;
        }
        return (int) Files.readAllLines(f).stream().filter(l -> l.contains("\"op\":\"finish\"")).count();
    }

    private static Process worker(Path f, int trials, long pause) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), StudyWorker.class.getName(),
                f.toString(), String.valueOf(trials), String.valueOf(pause)).redirectErrorStream(true).start();
    }
}
