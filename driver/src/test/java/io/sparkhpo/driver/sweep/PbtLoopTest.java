package io.sparkhpo.driver.sweep;

import io.sparkhpo.driver.builtin.TrialFactory;
import io.sparkhpo.driver.runtime.HadoopCheckpointStore;
import io.sparkhpo.driver.runtime.PbtJournal;

import io.sparkhpo.driver.config.SweepConfig;
import io.sparkhpo.driver.config.SweepConfigLoader;
import io.sparkhpo.driver.study.StudyLayout;
import io.sparkhpo.driver.tables.StudyTables.Placement;
import io.sparkhpo.executors.data.DataSpec;
import io.sparkhpo.executors.train.EpochMetrics;
import io.sparkhpo.executors.train.RunState;
import io.sparkhpo.executors.train.TrialResult;
import io.sparkhpo.search.pbt.Pbt;
import io.sparkhpo.search.trial.Trial;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PBT's loop with a fake segment runner, no Spark: a member given a GPU its engine cannot use stops the sweep as a
 * plain sweep stops (no further segment submitted, the others left resumable), and a missing checkpoint fails
 * only the members that start from it (its own, and the one exploiting it), not the sweep.
 */
class PbtLoopTest {

    @TempDir
    java.nio.file.Path dir;

    /** Member n's test error is 0.1·(n + 1): member 3 is always the worst, member 0 the best. */
    private final class Fake implements SegmentRunner {
        final AtomicInteger calls = new AtomicInteger();
        final Set<String> unwritten;
        final int unusable;

        Fake(Set<String> unwritten, int unusable) {
            this.unwritten = unwritten;
            this.unusable = unusable;
        }

        @Override
        public Dispatcher.Finished runJob(Trial trial, Segment s) {
            calls.incrementAndGet();
            int n = trial.number();
            if (n == unusable) {
                return new Dispatcher.Finished(trial, s.spec(), TrialResult.of(n, RunState.FAILED, List.of(),
                        "GPU 0: the engine cannot use it", 0, 0), new Placement("1", "worker", "0"), true);
            }
            if (!unwritten.contains(s.checkpoint())) {
                try {
                    new HadoopCheckpointStore(s.checkpoint(), new Configuration()).write(o -> o.write(new byte[]{1}));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            List<EpochMetrics> epochs = new ArrayList<>();
            for (int e = s.from(); e < s.to(); e++) {
                epochs.add(new EpochMetrics(e, 0.01, 0, 1, 0.5, 1, 0.1 * (n + 1), 1, 1, 0.01));
            }
            return new Dispatcher.Finished(trial, s.spec(), new TrialResult(n, RunState.COMPLETE, epochs, null, 0.1, 10,
                    null), new Placement("1", "worker", null));
        }
    }

    private SweepConfig config() {
        return SweepConfigLoader.parse("pbt-fake.conf", "study { name = fake, output = \"" + dir + "\" }\n"
                + "data { name = fashion-mnist }\nmodel { width = 2 }\ntraining { epochs = 3, batch_size = 50 }\n"
                + "search { sampler = random, strategy = pbt, pbt { population = 4, perturbation_interval = 1, "
                + "mutations = [lr], quantile_fraction = 0.25, synchronous = true } }\n"
                + "space { lr { type = float, low = 0.001, high = 0.1, log = true } }\n");
    }

    private Map<Integer, TrialResult> run(Fake fake, int parallelism, PbtLoop[] out) throws Exception {
        SweepConfig cfg = config();
        String study = dir.resolve("fake").toString();
        TrialFactory factory = new TrialFactory(cfg, new DataSpec("fashion-mnist", "/nonexistent", 100, 100, 0, false, false));
        PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Map<Integer, TrialResult> ended = Collections.synchronizedMap(new TreeMap<>());
        try (PbtJournal journal = PbtJournal.open(study, new Configuration())) {
            PbtLoop loop = new PbtLoop(new Pbt(cfg.search().pbt().orElseThrow(), cfg.space()), fake, factory::spec, journal,
                    study, new Configuration(), new Progress(err, 4, parallelism), 3, err);
            List<Trial> population = new ArrayList<>();
            for (int n = 0; n < 4; n++) {
                population.add(new Trial(n, Map.of("lr", 0.001 * (n + 1))));
            }
            loop.run(population, Set.of(), parallelism, f -> ended.put(f.trial().number(), f.result()));
            out[0] = loop;
        }
        return ended;
    }

    @Test
    void aMissingCheckpointFailsOnlyTheMembersThatStartFromIt() throws Exception {
        String missing = new Path(dir.resolve("fake").toString(), StudyLayout.checkpoint(0, 1)).toString();
        PbtLoop[] loop = new PbtLoop[1];
        Map<Integer, TrialResult> ended = run(new Fake(Set.of(missing), -1), 2, loop);
        assertEquals(Set.of(0, 1, 2, 3), ended.keySet(), "every member ended: the sweep went on");
        for (int n : List.of(0, 3)) { // member 0 goes on from it, and member 3 (the worst) takes it
            assertEquals(RunState.FAILED, ended.get(n).state(), "member " + n + " needed member 0's missing checkpoint");
            assertTrue(ended.get(n).message().contains("is missing"), ended.get(n).message());
        }
        for (int n = 1; n < 3; n++) {
            assertEquals(RunState.COMPLETE, ended.get(n).state(), "member " + n + ": " + ended.get(n).message());
            assertEquals(3, ended.get(n).epochs().size());
        }
        assertTrue(loop[0].stopReason().isEmpty());
    }

    @Test
    void aGpuTheEngineCannotUseStopsThePopulationAsAPlainSweep() throws Exception {
        Fake fake = new Fake(Set.of(), 1);
        PbtLoop[] loop = new PbtLoop[1];
        Map<Integer, TrialResult> ended = run(fake, 2, loop);
        assertTrue(loop[0].stopReason().orElseThrow().contains("cannot use"), String.valueOf(loop[0].stopReason()));
        assertEquals(2, fake.calls.get(), "no segment submitted after the stop: members 0 and 1's first only");
        assertEquals(Set.of(1), ended.keySet(), "member 1 FAILED; the others stay RUNNING for a resume");
        assertEquals(RunState.FAILED, ended.get(1).state());
    }
}
