package io.sparkhpo.search.sampler;

import io.sparkhpo.search.pruner.HyperbandPruner;
import io.sparkhpo.search.space.SearchSpace;
import io.sparkhpo.search.storage.InMemoryStorage;
import io.sparkhpo.search.study.Study;
import io.sparkhpo.search.trial.Direction;
import io.sparkhpo.search.trial.Outcome;
import io.sparkhpo.search.trial.Trial;
import io.sparkhpo.search.trial.TrialHistory;
import io.sparkhpo.search.trial.TrialSnapshot;
import io.sparkhpo.search.trial.TrialState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BohbSamplerTest extends SamplerContract {

    @Override
    Sampler newSampler(long seed) {
        return BohbSampler.bohb(seed);
    }

    /**
     * The contract's study with multi-fidelity reports, so that the model is used: every trial reports steps 1 and 2
     * (the objective plus a bias that shrinks with the step); even trials go on to step 3 and complete, odd ones are
     * pruned after step 2.
     */
    @Override
    List<Map<String, Object>> run(Sampler sampler, int n) {
        Study study = new Study("contract", Direction.MINIMIZE, CONDITIONAL, sampler, new InMemoryStorage());
        List<Map<String, Object>> asked = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Trial t = study.ask();
            asked.add(t.params());
            double v = objective(t.params());
            int last = t.number() % 2 == 0 ? 3 : 2;
            for (int step = 1; step <= last; step++) {
                study.report(t.number(), step, v + 1.0 / step);
            }
            study.tell(t.number(), t.number() % 2 == 0 ? new Outcome.Complete(v + 1.0 / 3) : new Outcome.Pruned(2));
        }
        return asked;
    }

    static TrialSnapshot trial(int number, TrialState state, double... values) {
        TreeMap<Integer, Double> steps = new TreeMap<>();
        for (int i = 0; i < values.length; i++) {
            steps.put(i + 1, values[i]);
        }
        return new TrialSnapshot(number, state, Map.of("x", 0.1 * number), state == TrialState.COMPLETE
                ? OptionalDouble.of(values[values.length - 1]) : OptionalDouble.empty(), Optional.empty(), steps);
    }

    /** The model's budget is the largest step enough trials reported; every trial that got there counts, pruned or not. */
    @Test
    void theModelSeesTheLargestBudgetWithEnoughValues() {
        TrialHistory h = TrialHistory.of(List.of(
                trial(0, TrialState.COMPLETE, 5, 4, 3),
                trial(1, TrialState.PRUNED, 6, 5),
                trial(2, TrialState.PRUNED, 7, Double.NaN),
                trial(3, TrialState.RUNNING, 2),
                trial(4, TrialState.FAILED, 1, 1, 1),
                trial(5, TrialState.RUNNING)), Direction.MINIMIZE);
        assertEquals(Optional.of(3), BohbSampler.largestBudget(h, 1));
        assertEquals(Optional.of(2), BohbSampler.largestBudget(h, 3), "failed trials do not count");
        assertEquals(Optional.of(1), BohbSampler.largestBudget(h, 4));
        assertEquals(Optional.empty(), BohbSampler.largestBudget(h, 5));

        List<TrialSnapshot> at2 = BohbSampler.at(h, 2).trials();
        assertEquals(List.of(0, 1, 2, 3, 5), at2.stream().map(TrialSnapshot::number).toList());
        assertEquals(4.0, at2.get(0).value().getAsDouble(), "a completed trial counts with its value at the budget");
        assertEquals(TrialState.COMPLETE, at2.get(1).state(), "a pruned trial that reached the budget counts");
        assertEquals(5.0, at2.get(2).value().getAsDouble(), "a diverged value counts as the worst one there");
        assertEquals(TrialState.RUNNING, at2.get(3).state(), "a running trial below the budget stays running");
    }

    /**
     * A multi-fidelity quadratic under Hyperband pruning (low budgets rank trials correctly but noisily): after 80
     * trials, BOHB's last 30 asks are much closer to the optimum than random search's under the same pruner.
     */
    @Test
    void findsBetterTrialsThanRandomUnderTheSamePruner() {
        double bohb = 0;
        double random = 0;
        for (long seed = 1; seed <= 3; seed++) {
            bohb += lateDistance(BohbSampler.bohb(seed), seed) / 3;
            random += lateDistance(new RandomSampler(seed), seed) / 3;
        }
        System.out.printf("BOHB vs random under Hyperband, mean distance of asks 50-79 to the optimum: %.3f vs %.3f%n", bohb, random);
        assertTrue(bohb < random / 2, "BOHB " + bohb + " vs random " + random);
    }

    static double lateDistance(Sampler sampler, long seed) {
        SearchSpace space = SearchSpace.builder().addFloat("x", -1, 1, false).addFloat("y", -1, 1, false).build();
        Study study = new Study("mf", Direction.MINIMIZE, space, sampler, HyperbandPruner.of(1, 9), new InMemoryStorage());
        java.util.SplittableRandom noise = new java.util.SplittableRandom(seed);
        double late = 0;
        for (int i = 0; i < 80; i++) {
            Trial t = study.ask();
            double dx = (Double) t.params().get("x") - 0.4;
            double dy = (Double) t.params().get("y") + 0.2;
            double d = Math.sqrt(dx * dx + dy * dy);
            if (i >= 50) {
                late += d / 30;
            }
            double v = Double.NaN;
            boolean pruned = false;
            for (int step = 1; step <= 9 && !pruned; step++) {
                v = d * d + 1.0 / step + noise.nextGaussian() * 0.05 / Math.sqrt(step);
                study.report(t.number(), step, v);
                pruned = step < 9 && study.shouldPrune(t.number());
            }
            study.tell(t.number(), pruned ? new Outcome.Pruned(0) : new Outcome.Complete(v));
        }
        return late;
    }
}
