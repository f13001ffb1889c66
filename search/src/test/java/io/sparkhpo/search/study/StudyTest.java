package io.sparkhpo.search.study;

import io.sparkhpo.search.trial.Direction;
import io.sparkhpo.search.sampler.RandomSampler;
import io.sparkhpo.search.space.SearchSpace;
import io.sparkhpo.search.storage.InMemoryStorage;
import io.sparkhpo.search.trial.Outcome;
import io.sparkhpo.search.trial.Trial;
import io.sparkhpo.search.trial.TrialSnapshot;
import io.sparkhpo.search.trial.TrialState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StudyTest {

    static final SearchSpace SPACE = SearchSpace.builder().addFloat("x", -5, 5, false).build();

    static Study study(Direction direction) {
        return new Study("s", direction, SPACE, new RandomSampler(1), new InMemoryStorage());
    }

    @Test
    void askNumbersTrialsAndTellFreezesThem() {
        Study study = study(Direction.MINIMIZE);
        Trial t0 = study.ask();
        Trial t1 = study.ask();
        assertEquals(0, t0.number());
        assertEquals(1, t1.number());
        TrialSnapshot done = study.tell(1, new Outcome.Complete(0.25));
        assertEquals(TrialState.COMPLETE, done.state());
        assertEquals(0.25, done.value().getAsDouble());
        assertEquals(TrialState.RUNNING, study.trials().get(0).state());
        study.tell(0, new Outcome.Failed("diverged"));
        assertEquals("diverged", study.trials().get(0).message().orElseThrow());
    }

    @Test
    void tellRejectsUnknownRepeatedAndNonFinite() {
        Study study = study(Direction.MINIMIZE);
        study.ask();
        assertThrows(IllegalArgumentException.class, () -> study.tell(5, new Outcome.Complete(1)));
        study.tell(0, new Outcome.Complete(1));
        assertThrows(IllegalStateException.class, () -> study.tell(0, new Outcome.Complete(2)));
        assertThrows(IllegalArgumentException.class, () -> new Outcome.Complete(Double.NaN));
    }

    @Test
    void bestTrialFollowsDirection() {
        for (Direction d : Direction.values()) {
            Study study = study(d);
            for (int i = 0; i < 4; i++) {
                study.ask();
            }
            study.tell(0, new Outcome.Complete(3));
            study.tell(1, new Outcome.Complete(1));
            study.tell(2, new Outcome.Complete(2));
            study.tell(3, new Outcome.Failed("x"));
            assertEquals(d == Direction.MINIMIZE ? 1 : 0, study.bestTrial().orElseThrow().number());
        }
    }

    /** Parallel asks from many threads get distinct numbers and the sampler's points for those numbers. */
    @Test
    void concurrentAsksAreConsistent() throws Exception {
        Study study = study(Direction.MINIMIZE);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Trial>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            futures.add(pool.submit(study::ask));
        }
        Study sequential = study(Direction.MINIMIZE);
        List<Trial> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            expected.add(sequential.ask());
        }
        List<Trial> got = new ArrayList<>();
        for (Future<Trial> f : futures) {
            got.add(f.get());
        }
        pool.shutdown();
        got.sort(java.util.Comparator.comparingInt(Trial::number));
        assertEquals(expected, got);
    }

    /** Enqueued parameter sets come first, in order, and are checked against the space when queued. */
    @Test
    void enqueuedTrialsComeFirst() {
        Study s = study(Direction.MINIMIZE);
        java.util.Map<String, Object> paper = new java.util.LinkedHashMap<>(s.ask().params());
        s.enqueue(paper);
        assertEquals(paper, s.ask().params());
        assertThrows(IllegalArgumentException.class, () -> s.enqueue(java.util.Map.of("nope", 1.0)));
    }

    /** The trials table: one row per trial, params columns in the space's order, CSV-quoted. */
    @Test
    void trialsTableAndCsv() throws java.io.IOException {
        Study s = study(Direction.MINIMIZE);
        io.sparkhpo.search.trial.Trial a = s.ask();
        s.report(a.number(), 0, 0.7);
        s.tell(a.number(), new io.sparkhpo.search.trial.Outcome.Failed("bad, \"really\""));
        java.util.List<java.util.Map<String, Object>> rows = s.trialsTable();
        assertEquals("FAILED", rows.get(0).get("state"));
        assertEquals(0.7, rows.get(0).get("last_intermediate"));
        java.io.StringWriter w = new java.io.StringWriter();
        s.writeCsv(w);
        String[] lines = w.toString().split("\n");
        assertTrue(lines[0].startsWith("number,state,value,last_step,last_intermediate,message,params_"), lines[0]);
        assertTrue(lines[1].contains("\"bad, \"\"really\"\"\""), lines[1]);
    }
}
