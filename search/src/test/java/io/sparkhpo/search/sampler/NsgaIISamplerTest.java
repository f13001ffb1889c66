package io.sparkhpo.search.sampler;

import io.sparkhpo.search.pareto.Hypervolume;
import io.sparkhpo.search.pareto.Pareto;
import io.sparkhpo.search.pruner.Pruner;
import io.sparkhpo.search.space.SearchSpace;
import io.sparkhpo.search.storage.InMemoryStorage;
import io.sparkhpo.search.study.Study;
import io.sparkhpo.search.trial.Direction;
import io.sparkhpo.search.trial.Outcome;
import io.sparkhpo.search.trial.Trial;
import io.sparkhpo.search.trial.TrialSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NsgaIISamplerTest extends SamplerContract {

    /** Generations of 10, so that the contract's 40-trial studies run three bred generations. */
    @Override
    Sampler newSampler(long seed) {
        return new NsgaIISampler(seed, 10);
    }

    static SearchSpace zdtSpace(int n) {
        SearchSpace.Builder b = SearchSpace.builder();
        for (int i = 1; i <= n; i++) {
            b.addFloat("x" + i, 0, 1, false);
        }
        return b.build();
    }

    /** ZDT1 (Zitzler, Deb and Thiele 2000) with {@code n} variables: a convex front f2 = 1 - sqrt(f1) at g = 1. */
    static List<Double> zdt1(Map<String, Object> p, int n) {
        double f1 = (Double) p.get("x1");
        double sum = 0;
        for (int i = 2; i <= n; i++) {
            sum += (Double) p.get("x" + i);
        }
        double g = 1 + 9 * sum / (n - 1);
        return List.of(f1, g * (1 - Math.sqrt(f1 / g)));
    }

    static Study zdtStudy(Sampler sampler, int n, int trials) {
        Study study = new Study("zdt1", List.of(Direction.MINIMIZE, Direction.MINIMIZE), zdtSpace(n), sampler, Pruner.NONE,
                new InMemoryStorage());
        for (int i = 0; i < trials; i++) {
            Trial t = study.ask();
            study.tell(t.number(), new Outcome.Complete(zdt1(t.params(), n)));
        }
        return study;
    }

    static double hypervolume(Study s) {
        return Hypervolume.of(Pareto.minimized(s.bestTrials(), s.directions()), new double[]{1.1, 11});
    }

    /** On a 5-variable ZDT1 (best hypervolume about 11.77), 300 trials of NSGA-II dominate clearly more than random search. */
    @Test
    void breedsABetterFrontThanRandomSearch() {
        double nsga = 0;
        double random = 0;
        for (long seed = 1; seed <= 3; seed++) {
            nsga += hypervolume(zdtStudy(new NsgaIISampler(seed, 20), 5, 300)) / 3;
            random += hypervolume(zdtStudy(new RandomSampler(seed), 5, 300)) / 3;
        }
        System.out.printf("ZDT1 (5 variables, 300 trials, 3 seeds), hypervolume to (1.1, 11): NSGA-II %.3f, random %.3f%n", nsga, random);
        assertTrue(nsga > random + 0.3, "NSGA-II " + nsga + " vs random " + random);
    }

    /** The Pareto front of a study: every trial on it is dominated by none, every trial off it by one on it. */
    @Test
    void bestTrialsAreTheParetoFront() {
        Study s = zdtStudy(new NsgaIISampler(2, 20), 5, 120);
        List<TrialSnapshot> front = s.bestTrials();
        List<double[]> all = Pareto.minimized(s.trials(), s.directions());
        for (int i = 0; i < all.size(); i++) {
            boolean onFront = front.contains(s.trials().get(i));
            boolean dominated = false;
            for (double[] q : all) {
                dominated |= Pareto.dominates(q, all.get(i));
            }
            assertEquals(!dominated, onFront, "trial " + i);
        }
        assertThrows(IllegalStateException.class, s::bestTrial, "no single best trial of two objectives");
        assertThrows(IllegalArgumentException.class, () -> s.tell(s.ask().number(), new Outcome.Complete(0.5)),
                "two objectives need two values");
        assertThrows(IllegalArgumentException.class, () -> new Study("p", List.of(Direction.MINIMIZE, Direction.MAXIMIZE),
                zdtSpace(2), new RandomSampler(1), io.sparkhpo.search.pruner.PercentilePruner.median(), new InMemoryStorage()),
                "pruners judge one value");
    }
}
