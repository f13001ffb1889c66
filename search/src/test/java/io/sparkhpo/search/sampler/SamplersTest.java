package io.sparkhpo.search.sampler;

import io.sparkhpo.search.pareto.Pareto;
import io.sparkhpo.search.study.Study;
import io.sparkhpo.search.trial.TrialSnapshot;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the registry's flags promise, checked for every registered sampler. */
class SamplersTest {

    /**
     * Every sampler flagged {@code multiObjective} runs a two-objective study (ZDT1 in 3 variables) through the
     * registry: 40 trials, and the study's front is the non-dominated set of what it was told.
     */
    @TestFactory
    List<DynamicTest> multiObjectiveSamplersServeATwoObjectiveStudy() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Samplers.Type type : Samplers.REGISTRY.entries()) {
            if (!type.multiObjective()) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(type.name(), () -> {
                Map<String, Integer> points = new HashMap<>();
                NsgaIISamplerTest.zdtSpace(3).names().forEach(n -> points.put(n, 4));
                Samplers.Context base = type.context(7, NsgaIISamplerTest.zdtSpace(3), Map.of());
                Samplers.Context c = new Samplers.Context(base.seed(), base.space(), points, base.settings());
                Study s = NsgaIISamplerTest.zdtStudy(type.create(c), 3, 40);
                List<TrialSnapshot> front = s.bestTrials();
                assertFalse(front.isEmpty());
                List<double[]> all = Pareto.minimized(s.trials(), s.directions());
                for (double[] f : Pareto.minimized(front, s.directions())) {
                    assertTrue(all.stream().noneMatch(o -> Pareto.dominates(o, f)), type.name() + ": a front member is dominated");
                }
            }));
        }
        assertTrue(tests.size() >= 5, "random, sobol, grid, tpe and nsga2 at least");
        return tests;
    }
}
