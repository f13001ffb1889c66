package io.sparkhpo.search.sampler;

import io.sparkhpo.search.space.SearchSpace;
import io.sparkhpo.search.trial.TrialHistory;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every sampler promises; extended once per sampler (Optuna's {@code testing/pytest_samplers.py}). */
abstract class SamplerContract {

    static final SearchSpace SPACE = SearchSpace.builder()
            .addCategorical("optimizer", "adam", "adamw")
            .addFloat("lr", 1e-5, 1e-1, true)
            .addFloat("momentum", 0.0, 0.99, false)
            .addInt("batch_size", 16, 256)
            .build();

    /** A sampler of this kind with the given seed, sized for at least 40 trials of {@link #SPACE}. */
    abstract Sampler newSampler(long seed);

    List<Map<String, Object>> sequence(Sampler sampler, int n) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(sampler.sample(SPACE, i, TrialHistory.empty()));
        }
        return out;
    }

    @Test
    void sameSeedGivesSameSequence() {
        assertEquals(sequence(newSampler(3), 40), sequence(newSampler(3), 40));
    }

    @Test
    void valuesAreInsideTheSpaceAndInItsOrder() {
        for (Map<String, Object> params : sequence(newSampler(11), 40)) {
            SPACE.validate(params);
            assertEquals(SPACE.names(), List.copyOf(params.keySet()));
        }
    }

    @Test
    void trialsDiffer() {
        List<Map<String, Object>> seq = sequence(newSampler(5), 40);
        assertEquals(40, seq.stream().distinct().count(), "40 trials should give 40 distinct points");
    }

    @Test
    void trialDependsOnlyOnItsNumber() {
        Sampler sampler = newSampler(9);
        Map<String, Object> direct = sampler.sample(SPACE, 17, TrialHistory.empty());
        assertEquals(sequence(newSampler(9), 18).get(17), direct);
    }

    /** The same seed gives the same points in a fresh JVM (no dependence on hash seeds or identity). */
    @Test
    void sameSequenceInAnotherJvm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SamplerMain.class.getName(), getClass().getName(), "21", "12")
                .redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        }
        assertEquals(0, p.waitFor(), String.join("\n", lines));
        List<String> here = sequence(newSampler(21), 12).stream().map(Object::toString).toList();
        assertEquals(here, lines);
    }

    @Test
    void differentSeedsDifferUnlessDeterministic() {
        if (seedMatters()) {
            assertNotEquals(sequence(newSampler(1), 10), sequence(newSampler(2), 10));
        } else {
            assertTrue(sequence(newSampler(1), 10).equals(sequence(newSampler(2), 10)));
        }
    }

    /** Whether the seed changes the sequence (not for a grid). */
    boolean seedMatters() {
        return true;
    }
}
