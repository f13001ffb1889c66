package io.sparkhpo.search.study;

import io.sparkhpo.search.sampler.CmaEsSampler;
import io.sparkhpo.search.sampler.GpSampler;
import io.sparkhpo.search.sampler.RandomSampler;
import io.sparkhpo.search.sampler.Sampler;
import io.sparkhpo.search.sampler.TpeSampler;
import io.sparkhpo.search.space.SearchSpace;
import io.sparkhpo.search.storage.InMemoryStorage;
import io.sparkhpo.search.trial.Direction;
import io.sparkhpo.search.trial.Outcome;
import io.sparkhpo.search.trial.Trial;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Study#warmStart}: a sampler given an earlier study's trials of a shifted quadratic asks near its optimum
 * from its first trials on, where the same sampler started cold is still drawing its start-up points.
 */
class WarmStartTest {

    static final SearchSpace SPACE = SearchSpace.builder().addFloat("x", -2, 2, false).addFloat("y", -2, 2, false).build();
    static final double X0 = 0.7;
    static final double Y0 = -0.3;

    static double f(Map<String, Object> p) {
        double x = (Double) p.get("x");
        double y = (Double) p.get("y");
        return (x - X0) * (x - X0) + (y - Y0) * (y - Y0);
    }

    /** The earlier study: 60 random trials of the quadratic. */
    static Study earlier() {
        Study s = new Study("earlier", Direction.MINIMIZE, SPACE, new RandomSampler(7), new InMemoryStorage());
        for (int i = 0; i < 60; i++) {
            Trial t = s.ask();
            s.tell(t.number(), new Outcome.Complete(f(t.params())));
        }
        return s;
    }

    /**
     * The first {@code n} asks of a study with {@code sampler}, warm or cold: {mean, smallest} distance to the
     * optimum.
     */
    static double[] firstAsks(Sampler sampler, boolean warm, int n) {
        Study s = new Study("later", Direction.MINIMIZE, SPACE, sampler, new InMemoryStorage());
        if (warm) {
            Study e = earlier();
            List<Map<String, Object>> params = new ArrayList<>();
            e.trials().forEach(t -> params.add(t.params()));
            s.warmStart(params, e.trials().stream().mapToDouble(t -> t.value().getAsDouble()).toArray());
            assertEquals(60, s.warmStartTrials().size());
            assertEquals(-1, s.warmStartTrials().get(0).number());
        }
        double sum = 0;
        double closest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            Trial t = s.ask();
            assertEquals(i, t.number(), "warm-start trials take no numbers of the study");
            double d = Math.sqrt(f(t.params()));
            sum += d;
            closest = Math.min(closest, d);
            s.tell(t.number(), new Outcome.Complete(f(t.params())));
        }
        assertEquals(n, s.trials().size(), "warm-start trials are not stored");
        return new double[]{sum / n, closest};
    }

    /** Over 3 seeds, the first 5 asks warm and cold: {mean distance warm, cold, smallest distance warm, cold}. */
    static double[] compare(String name, LongFunction<Sampler> sampler) {
        double[] out = new double[4];
        for (long seed = 1; seed <= 3; seed++) {
            double[] w = firstAsks(sampler.apply(seed), true, 5);
            double[] c = firstAsks(sampler.apply(seed), false, 5);
            out[0] += w[0] / 3;
            out[1] += c[0] / 3;
            out[2] += w[1] / 3;
            out[3] += c[1] / 3;
        }
        System.out.printf("%s, first 5 asks (3 seeds): mean distance to the optimum warm %.3f, cold %.3f; closest warm %.3f, cold %.3f%n",
                name, out[0], out[1], out[2], out[3]);
        return out;
    }

    /** TPE explores around the earlier best trials: its asks are on average less than half as far as cold ones. */
    @Test
    void tpeWarmStartedAsksNearTheOptimum() {
        double[] d = compare("TPE", seed -> new TpeSampler(seed));
        assertTrue(d[0] < d[1] / 2, "TPE: warm " + d[0] + ", cold " + d[1]);
    }

    /** The GP's first ask lands on the optimum (the earlier trials pin the quadratic down). */
    @Test
    void gpWarmStartedAsksNearTheOptimum() {
        double[] d = compare("GP", seed -> new GpSampler(seed, GpSampler.Options.defaults()));
        assertTrue(d[2] < 0.05 && d[0] < d[1] / 3, "GP: warm " + d[0] + " (closest " + d[2] + "), cold " + d[1]);
    }

    /** CMA-ES numbers its generations by trial number: warm-start trials (negative numbers) are in none. */
    @Test
    void cmaEsIgnoresWarmStartTrials() {
        Study plain = new Study("a", Direction.MINIMIZE, SPACE, new CmaEsSampler(3), new InMemoryStorage());
        Study warmed = new Study("b", Direction.MINIMIZE, SPACE, new CmaEsSampler(3), new InMemoryStorage());
        Study e = earlier();
        warmed.warmStart(e.trials().stream().map(t -> t.params()).toList(),
                e.trials().stream().mapToDouble(t -> t.value().getAsDouble()).toArray());
        for (int i = 0; i < 12; i++) {
            Trial p = plain.ask();
            Trial w = warmed.ask();
            assertEquals(p.params(), w.params(), "trial " + i);
            plain.tell(i, new Outcome.Complete(f(p.params())));
            warmed.tell(i, new Outcome.Complete(f(w.params())));
        }
    }

    @Test
    void warmStartTrialsMustFitTheSpace() {
        Study s = new Study("s", Direction.MINIMIZE, SPACE, new RandomSampler(1), new InMemoryStorage());
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                () -> s.warmStart(List.of(Map.of("x", 0.0, "y", 0.0), Map.of("x", 3.0, "y", 0.0)), new double[]{1, 2}));
        assertTrue(outside.getMessage().contains("trial 1") && outside.getMessage().contains("'x'"), outside.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.warmStart(List.of(Map.of("x", 0.0)), new double[]{1}));
        assertThrows(IllegalArgumentException.class, () -> s.warmStart(List.of(Map.of("x", 0.0, "y", 0.0)), new double[]{Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> s.warmStart(List.of(), new double[]{1}));
        assertTrue(s.warmStartTrials().isEmpty(), "a refused warm start leaves none");
    }
}
