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
        List<String> here = sequence(newSampler(21), 12).stream().map(Object::toString).toList();
        assertEquals(here, inAnotherJvm("21", "12"));
    }

    /** The same seed and tells give the same asks in a fresh JVM, past the start-up phase of a model-based sampler. */
    @Test
    void sameAsksWithAHistoryInAnotherJvm() throws Exception {
        List<String> here = run(newConditionalSampler(13), historyTrials()).stream().map(Object::toString).toList();
        assertEquals(here, inAnotherJvm("13", String.valueOf(historyTrials()), "study"));
    }

    private List<String> inAnotherJvm(String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                SamplerMain.class.getName(), getClass().getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        }
        assertEquals(0, p.waitFor(), String.join("\n", lines));
        return lines;
    }

    @Test
    void differentSeedsDifferUnlessDeterministic() {
        if (seedMatters()) {
            assertNotEquals(sequence(newSampler(1), 10), sequence(newSampler(2), 10));
        } else {
            assertTrue(sequence(newSampler(1), 10).equals(sequence(newSampler(2), 10)));
        }
    }

    /** A space with conditional parameters: momentum only for SGD, nus only for QHAdam, a stepped float, an int. */
    static final SearchSpace CONDITIONAL = SearchSpace.builder()
            .addCategorical("optimizer", "sgd", "adam", "qhadam")
            .addFloat("lr", 1e-4, 1, true)
            .add("momentum", new io.sparkhpo.search.space.FloatDistribution(0.0, 0.95, false, 0.05),
                    io.sparkhpo.search.space.Condition.of("optimizer", "sgd"))
            .add("nu1", new io.sparkhpo.search.space.FloatDistribution(0.5, 1.0, false),
                    io.sparkhpo.search.space.Condition.of("optimizer", "qhadam"))
            .add("width", io.sparkhpo.search.space.IntDistribution.of(4, 64))
            .build();

    /** A made-up objective over {@link #CONDITIONAL}: best near lr = 0.01, optimizer-dependent offsets. */
    static double objective(Map<String, Object> p) {
        double x = Math.log10((Double) p.get("lr")) + 2;
        double v = x * x + ((Long) p.get("width") - 32) * ((Long) p.get("width") - 32) / 400.0;
        return switch ((String) p.get("optimizer")) {
            case "sgd" -> v + 0.3 + Math.abs((Double) p.get("momentum") - 0.9);
            case "qhadam" -> v + Math.abs((Double) p.get("nu1") - 0.7);
            default -> v + 0.1;
        };
    }

    /** A sequential study of {@code n} trials on {@link #CONDITIONAL}: every asked trial, told at once. */
    List<Map<String, Object>> run(Sampler sampler, int n) {
        io.sparkhpo.search.study.Study study = new io.sparkhpo.search.study.Study("contract",
                io.sparkhpo.search.trial.Direction.MINIMIZE, CONDITIONAL, sampler, new io.sparkhpo.search.storage.InMemoryStorage());
        List<Map<String, Object>> asked = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            io.sparkhpo.search.trial.Trial t = study.ask();
            asked.add(t.params());
            study.tell(t.number(), new io.sparkhpo.search.trial.Outcome.Complete(objective(t.params())));
        }
        return asked;
    }

    /** A sampler for {@link #CONDITIONAL} (a grid needs its own value lists). */
    Sampler newConditionalSampler(long seed) {
        return newSampler(seed);
    }

    /** How many trials the history-driven tests run (past every sampler's start-up phase). */
    int historyTrials() {
        return 40;
    }

    @Test
    void conditionalParametersAreRespectedWithAHistory() {
        for (Map<String, Object> p : run(newConditionalSampler(4), historyTrials())) {
            CONDITIONAL.validate(p); // active ones present and inside, inactive ones absent
            assertEquals("sgd".equals(p.get("optimizer")), p.containsKey("momentum"), p.toString());
            assertEquals("qhadam".equals(p.get("optimizer")), p.containsKey("nu1"), p.toString());
        }
    }

    @Test
    void sameSeedAndTellsGiveSameAsks() {
        assertEquals(run(newConditionalSampler(8), historyTrials()), run(newConditionalSampler(8), historyTrials()));
    }

    /** Asks made before anything is told (parallel workers) must not collapse onto one point. */
    @Test
    void parallelAsksAreDistinct() {
        io.sparkhpo.search.study.Study study = new io.sparkhpo.search.study.Study("parallel",
                io.sparkhpo.search.trial.Direction.MINIMIZE, CONDITIONAL, newConditionalSampler(6), new io.sparkhpo.search.storage.InMemoryStorage());
        for (int i = 0; i < historyTrials(); i++) {
            io.sparkhpo.search.trial.Trial t = study.ask();
            study.tell(t.number(), new io.sparkhpo.search.trial.Outcome.Complete(objective(t.params())));
        }
        java.util.Set<Map<String, Object>> running = new java.util.HashSet<>();
        for (int i = 0; i < 8; i++) {
            running.add(study.ask().params());
        }
        assertEquals(8, running.size(), "8 parallel asks gave " + running);
    }

    /** Whether the seed changes the sequence (not for a grid). */
    boolean seedMatters() {
        return true;
    }
}
