package io.sparkhpo.search.pruner;

import io.sparkhpo.search.sampler.RandomSampler;
import io.sparkhpo.search.space.SearchSpace;
import io.sparkhpo.search.storage.InMemoryStorage;
import io.sparkhpo.search.trial.Direction;
import io.sparkhpo.search.study.Study;
import io.sparkhpo.search.trial.Outcome;
import io.sparkhpo.search.trial.Trial;
import io.sparkhpo.search.trial.TrialSnapshot;
import io.sparkhpo.search.trial.TrialState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each pruner on hand-built histories with known answers, and all of them in parallel studies. */
class PrunerTest {

    static final SearchSpace SPACE = SearchSpace.builder().addFloat("x", 0, 1, false).build();

    static Study study(Pruner pruner, Direction direction) {
        return new Study("p", direction, SPACE, new RandomSampler(1), pruner, new InMemoryStorage());
    }

    /** A finished trial with the given curve (value at step i = curve[i]). */
    static void complete(Study s, double... curve) {
        Trial t = s.ask();
        for (int i = 0; i < curve.length; i++) {
            s.report(t.number(), i, curve[i]);
        }
        s.tell(t.number(), new Outcome.Complete(curve[curve.length - 1]));
    }

    @Test
    void medianPrunesBelowTheMedianAfterStartup() {
        Study s = study(new PercentilePruner(50, 3, 0, 1, 1), Direction.MINIMIZE);
        complete(s, 1.0, 0.8);
        complete(s, 2.0, 1.6);
        Trial t = s.ask();
        s.report(t.number(), 0, 5.0);
        assertFalse(s.shouldPrune(t.number()), "only 2 of 3 start-up trials completed");
        complete(s, 3.0, 2.4);
        assertTrue(s.shouldPrune(t.number()), "5.0 is worse than the median 2.0 of step 0");
        Trial good = s.ask();
        s.report(good.number(), 0, 1.5);
        assertFalse(s.shouldPrune(good.number()), "1.5 beats the median 2.0");
        s.report(good.number(), 1, Double.NaN);
        assertTrue(s.shouldPrune(good.number()), "NaN prunes");
    }

    @Test
    void percentileAndDirection() {
        Study s = study(new PercentilePruner(25, 0, 0, 1, 1), Direction.MAXIMIZE);
        for (double v : new double[]{1, 2, 3, 4, 5}) {
            complete(s, v);
        }
        Trial t = s.ask();
        s.report(t.number(), 0, 3.5); // the 25% best of maximize: the 75th percentile, 4.0
        assertTrue(s.shouldPrune(t.number()));
        Trial u = s.ask();
        s.report(u.number(), 0, 4.5);
        assertFalse(s.shouldPrune(u.number()));
    }

    @Test
    void warmupAndIntervalSteps() {
        Study s = study(new PercentilePruner(50, 0, 2, 2, 1), Direction.MINIMIZE);
        complete(s, 1, 1, 1, 1, 1, 1);
        Trial t = s.ask();
        s.report(t.number(), 0, 9);
        assertFalse(s.shouldPrune(t.number()), "step 0 is in the warm-up");
        s.report(t.number(), 1, 9);
        assertFalse(s.shouldPrune(t.number()), "step 1 is in the warm-up");
        s.report(t.number(), 2, 9);
        assertTrue(s.shouldPrune(t.number()), "step 2 is the first judged");
        s.report(t.number(), 3, 9);
        assertFalse(s.shouldPrune(t.number()), "step 3 is inside the interval [2, 4)");
    }

    /** η = 2, rungs at steps 1, 2, 4: a trial must be in the better half of its rung's values so far. */
    @Test
    void successiveHalvingRungs() {
        SuccessiveHalvingPruner sh = new SuccessiveHalvingPruner(1, 2, 0);
        assertEquals(List.of(1L, 2L, 4L), List.of(sh.rungStep(0), sh.rungStep(1), sh.rungStep(2)));
        Study s = study(sh, Direction.MINIMIZE);
        Trial a = s.ask();
        s.report(a.number(), 0, 0.9);
        assertFalse(s.shouldPrune(a.number()), "before the first rung");
        s.report(a.number(), 1, 0.5);
        assertFalse(s.shouldPrune(a.number()), "alone in the rung: promoted");
        Trial b = s.ask();
        s.report(b.number(), 1, 0.7);
        assertTrue(s.shouldPrune(b.number()), "rung 1 holds 0.5 and 0.7; only the best half goes on");
        s.tell(b.number(), new Outcome.Pruned(1));
        Trial c = s.ask();
        s.report(c.number(), 1, 0.4);
        assertFalse(s.shouldPrune(c.number()), "0.4 is the best of three: top 3/2 -> 1");
        s.report(c.number(), 2, 0.35);
        assertFalse(s.shouldPrune(c.number()), "alone at rung step 2");
        s.report(a.number(), 2, 0.3);
        assertFalse(s.shouldPrune(a.number()), "0.3 beats 0.35 at step 2");
    }

    @Test
    void hyperbandBracketsAreStableAndProportional() {
        HyperbandPruner hb = HyperbandPruner.of(1, 27); // η = 3: brackets for 1, 3, 9, 27
        assertEquals(4, hb.brackets());
        int[] counts = new int[4];
        for (int n = 0; n < 20_000; n++) {
            counts[hb.bracketOf(n)]++;
            assertEquals(hb.bracketOf(n), HyperbandPruner.of(1, 27).bracketOf(n));
        }
        // budgets ceil(4·3^s/(s+1)) for s = 3, 2, 1, 0: 27, 12, 6, 4 of 49
        double[] expected = {27 / 49.0, 12 / 49.0, 6 / 49.0, 4 / 49.0};
        for (int b = 0; b < 4; b++) {
            assertEquals(expected[b], counts[b] / 20_000.0, 0.015, "bracket " + b);
        }
        assertThrows(IllegalArgumentException.class, () -> new HyperbandPruner(3, 2, 3));
    }

    /**
     * 40 trials, 4 at a time, interleaved epoch by epoch (as parallel workers report): every pruner stops some,
     * keeps the best curve, and trains fewer epochs than running all to the end.
     */
    @Test
    void prunersWorkWithParallelTrials() {
        for (Pruner p : new Pruner[]{PercentilePruner.median(), SuccessiveHalvingPruner.of(1), HyperbandPruner.of(1, 16)}) {
            Study s = study(p, Direction.MINIMIZE);
            Random rng = new Random(3);
            int epochs = 0;
            int pruned = 0;
            double bestQuality = Double.POSITIVE_INFINITY;
            int bestTrial = -1;
            List<double[]> slots = new ArrayList<>();
            List<Trial> running = new ArrayList<>();
            int started = 0;
            while (started < 40 || !running.isEmpty()) {
                while (running.size() < 4 && started < 40) {
                    Trial t = s.ask();
                    double q = rng.nextDouble();
                    if (q < bestQuality) {
                        bestQuality = q;
                        bestTrial = t.number();
                    }
                    running.add(t);
                    slots.add(new double[]{q, 0});
                    started++;
                }
                for (int i = running.size() - 1; i >= 0; i--) {
                    Trial t = running.get(i);
                    double[] slot = slots.get(i);
                    int step = (int) slot[1]++;
                    double value = slot[0] + 1.0 / (step + 1); // curves ordered by quality, converging
                    s.report(t.number(), step, value);
                    epochs++;
                    if (s.shouldPrune(t.number())) {
                        s.tell(t.number(), new Outcome.Pruned(step));
                        pruned++;
                    } else if (step == 15) {
                        s.tell(t.number(), new Outcome.Complete(value));
                    } else {
                        continue;
                    }
                    running.remove(i);
                    slots.remove(i);
                }
            }
            TrialSnapshot best = s.bestTrial().orElseThrow();
            assertEquals(bestTrial, best.number(), p + " must keep the best trial");
            assertTrue(pruned > 0 && epochs < 40 * 16, p + ": pruned " + pruned + ", epochs " + epochs);
            assertEquals(40, s.trials().stream().filter(t -> t.state() != TrialState.RUNNING).count());
        }
    }

    /**
     * Pruners keep no state: a fresh pruner given the same history decides the same, so a resumed study prunes
     * as the uninterrupted one would.
     */
    @Test
    void decisionsDependOnlyOnTheHistory() {
        for (Pruner p : new Pruner[]{PercentilePruner.median(), SuccessiveHalvingPruner.of(1), HyperbandPruner.of(1, 16)}) {
            Study s = study(p, Direction.MINIMIZE);
            Random rng = new Random(9);
            List<Boolean> live = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                Trial t = s.ask();
                double q = rng.nextDouble();
                for (int step = 0; step < 8; step++) {
                    s.report(t.number(), step, q + 1.0 / (step + 1));
                    boolean prune = s.shouldPrune(t.number());
                    live.add(prune);
                    // the same question to a new pruner of the same settings, on a copy of the history
                    Pruner fresh = p instanceof PercentilePruner ? PercentilePruner.median()
                            : p instanceof SuccessiveHalvingPruner ? SuccessiveHalvingPruner.of(1) : HyperbandPruner.of(1, 16);
                    assertEquals(prune, fresh.prune(s.history(), s.trials().get(t.number())), p + " trial " + t.number());
                    if (prune) {
                        s.tell(t.number(), new Outcome.Pruned(step));
                        break;
                    }
                }
                if (s.trials().get(t.number()).state() == TrialState.RUNNING) {
                    s.tell(t.number(), new Outcome.Complete(q + 1.0 / 8));
                }
            }
            assertTrue(live.contains(true) && live.contains(false), p + " made both decisions");
        }
    }
}
