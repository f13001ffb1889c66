package com.example.objective;

import io.sparkhpo.api.FixedTrial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The example's objectives on their own, with {@link FixedTrial}: no Spark, no sparkhpo driver. */
class ObjectivesTest {

    @TempDir
    Path dir;

    @Test
    void braninHasItsKnownMinimum() {
        assertEquals(0.397887, new Branin().evaluate(new FixedTrial(Map.of("x1", Math.PI, "x2", 2.275))), 1e-6);
        assertTrue(new Branin().evaluate(new FixedTrial(Map.of("x1", 0.0, "x2", 0.0))) > 10);
    }

    @Test
    void theNetworkLearnsReportsEachEpochAndResumesFromItsCheckpoint() throws Exception {
        Map<String, Object> p = Map.of("lr", 0.01, "weight_decay", 1e-4, "hidden", 32L, "batch_size", 64L,
                "epochs", 4L, "data", dir.resolve("tabular.csv").toString());
        FixedTrial t = new FixedTrial(p, 0, 5);
        double error = new TabularMlp().evaluate(t);
        assertEquals(4, t.reports().size());
        assertTrue(error < 0.4, "better than chance on the validation rows: " + error);
        assertTrue(t.reports().get(0).metrics().containsKey("train_loss"));
        assertTrue(t.restoreCheckpoint().isPresent());

        FixedTrial longer = new FixedTrial(Map.of("lr", 0.01, "weight_decay", 1e-4, "hidden", 32L, "batch_size", 64L,
                "epochs", 6L, "data", dir.resolve("tabular.csv").toString()), 0, 5);
        longer.saveCheckpoint(t.restoreCheckpoint().orElseThrow());
        new TabularMlp().evaluate(longer);
        assertEquals(2, longer.reports().size(), "continued at epoch 5 from the checkpoint of epoch 4");
        assertEquals(5, longer.reports().get(0).step());
    }
}
