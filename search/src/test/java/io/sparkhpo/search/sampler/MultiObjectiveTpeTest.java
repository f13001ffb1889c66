package io.sparkhpo.search.sampler;

import io.sparkhpo.search.trial.Direction;
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

/** TPE with several objectives (MOTPE): the split into below and above, and a better front than random search. */
class MultiObjectiveTpeTest {

    static TrialSnapshot done(int n, double a, double b) {
        return new TrialSnapshot(n, TrialState.COMPLETE, Map.of("x", (double) n), OptionalDouble.of(a), Optional.empty(),
                new TreeMap<>(), List.of(a, b));
    }

    /**
     * The first front goes below whole when it fits; of a front that does not fit, the points adding the most
     * hypervolume; the extremes of a front weigh most.
     */
    @Test
    void belowIsTheBestFrontsByHypervolume() {
        List<TrialSnapshot> t = List.of(done(0, 1, 5), done(1, 2, 2), done(2, 5, 1), done(3, 3, 3), done(4, 6, 6),
                done(5, 2.1, 2.1));
        List<Direction> min = List.of(Direction.MINIMIZE, Direction.MINIMIZE);
        MultiObjectiveSplit all = MultiObjectiveSplit.of(t, min, 4);
        assertEquals(List.of(0, 1, 2, 5), all.below().stream().map(TrialSnapshot::number).sorted().toList(),
                "front 0 (0, 1, 2), then the best of front 1 (5 dominates 3)");
        MultiObjectiveSplit two = MultiObjectiveSplit.of(t, min, 2);
        assertEquals(2, two.below().size());
        assertTrue(two.below().stream().allMatch(x -> List.of(0, 1, 2).contains(x.number())), "from the first front");
        assertEquals(4, two.above().size());
        MultiObjectiveSplit front = MultiObjectiveSplit.of(t, min, 3);
        assertEquals(1.0, front.weights().values().stream().mapToDouble(Double::doubleValue).max().orElseThrow(), 1e-12);
        assertTrue(front.weights().values().stream().allMatch(w -> w > 0 && w <= 1));
    }

    /** On a 5-variable ZDT1, 150 trials of multi-objective TPE dominate clearly more than random search. */
    @Test
    void findsABetterFrontThanRandomSearch() {
        double tpe = 0;
        double random = 0;
        for (long seed = 1; seed <= 3; seed++) {
            tpe += NsgaIISamplerTest.hypervolume(NsgaIISamplerTest.zdtStudy(new TpeSampler(seed), 5, 150)) / 3;
            random += NsgaIISamplerTest.hypervolume(NsgaIISamplerTest.zdtStudy(new RandomSampler(seed), 5, 150)) / 3;
        }
        System.out.printf("ZDT1 (5 variables, 150 trials, 3 seeds), hypervolume to (1.1, 11): MOTPE %.3f, random %.3f%n", tpe, random);
        assertTrue(tpe > random + 0.3, "MOTPE " + tpe + " vs random " + random);
    }
}
