package io.sparkhpo.driver.config;

import io.sparkhpo.driver.sweep.SweepRunner;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every configuration in conf/ loads, and the two Figure-2 grids have the trials their comments promise. */
class ShippedConfigsTest {

    private static final Path CONF = Path.of("..", "conf");

    @Test
    void everyShippedConfigLoads() throws IOException {
        List<Path> files;
        try (var s = Files.list(CONF)) {
            files = s.filter(f -> f.toString().endsWith(".conf")).sorted().toList();
        }
        assertTrue(files.size() >= 6, files.toString());
        for (Path f : files) {
            SweepConfig c = SweepConfigLoader.load(f);
            assertTrue(c.search().trials() >= 1, f.toString());
        }
    }

    @Test
    void theFigureTwoGridsAreWhatTheirCommentsSay() {
        SweepConfig cpu = SweepConfigLoader.load(CONF.resolve("separability-cpu.conf"));
        assertEquals(98, cpu.search().trials());
        SweepConfig paper = SweepConfigLoader.load(CONF.resolve("adamw-paper.conf"));
        assertEquals(448, paper.search().trials());
        List<Map<String, Object>> plan = SweepRunner.plan(paper, paper.search().trials());
        long normalized = plan.stream().filter(p -> p.containsKey("weight_decay_norm")).count();
        assertEquals(224, normalized, "the decoupled half searches λ_norm");
        assertTrue(plan.stream().filter(p -> "l2".equals(p.get("weight_decay_mode"))).allMatch(p -> p.containsKey("weight_decay")
                && !p.containsKey("weight_decay_norm")), "L2 searches the raw λ");
    }
}
