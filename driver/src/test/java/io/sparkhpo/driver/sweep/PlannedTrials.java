package io.sparkhpo.driver.sweep;

import io.sparkhpo.driver.config.SweepConfigLoader;
import org.apache.spark.sql.Row;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an interrupted and resumed sweep must leave in its trials table, for the resume tests. */
public final class PlannedTrials {

    private PlannedTrials() {
    }

    /**
     * Every one of the config's {@code trials} is in {@code rows} exactly once, COMPLETE, with the learning rate the
     * sampler gives it (as an uninterrupted sweep would have asked).
     */
    public static void assertEachOnceAsPlanned(List<Row> rows, Path config, int trials) {
        assertEquals(trials, rows.size(), "every trial once");
        List<Map<String, Object>> plan = SweepRunner.plan(SweepConfigLoader.load(config), trials);
        Set<Integer> seen = new HashSet<>();
        for (Row r : rows) {
            int n = r.<Integer>getAs("trial");
            assertTrue(seen.add(n), "trial " + n + " twice");
            assertEquals((Double) plan.get(n).get("lr"), r.<Double>getAs("lr"), 0.0, "trial " + n + " has the parameters the sampler gives it");
            assertEquals(io.sparkhpo.executors.train.RunState.COMPLETE.name(), r.getAs("state"));
        }
    }
}
