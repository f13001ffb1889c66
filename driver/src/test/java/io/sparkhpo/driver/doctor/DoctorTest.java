package io.sparkhpo.driver.doctor;

import io.sparkhpo.driver.cli.CliRun;
import io.sparkhpo.executors.train.Device;
import io.sparkhpo.executors.train.EngineRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DoctorTest {

    private static final EngineRuntime CPU_ONLY = new EngineRuntime("ND4J nd4j-native (CPU)", "1.0.0-M2.1", 0, "");
    private static final EngineRuntime ONE_GPU = new EngineRuntime("libtorch cu128", "2.7.1", 1, "");

    @Test
    void verdicts() {
        assertEquals(Verdict.Level.OK, Verdict.of(Device.AUTO, OptionalInt.empty(), CPU_ONLY, Optional.empty(), Optional.empty()).level());
        assertEquals(Verdict.Level.OK, Verdict.of(Device.AUTO, OptionalInt.of(0), ONE_GPU, Optional.empty(), Optional.empty()).level());
        assertEquals(Verdict.Level.FAIL, Verdict.of(Device.AUTO, OptionalInt.of(0), CPU_ONLY, Optional.of("no GPU build"),
                Optional.empty()).level());
        assertEquals(Verdict.Level.FAIL, Verdict.of(Device.AUTO, OptionalInt.empty(), CPU_ONLY, Optional.empty(),
                Optional.of("OutOfMemoryError")).level());
        Verdict idle = Verdict.of(Device.CPU, OptionalInt.of(0), ONE_GPU, Optional.empty(), Optional.empty());
        assertEquals(Verdict.Level.WARN, idle.level());
        assertTrue(idle.text().contains("stays idle"), idle.text());
        Verdict unassigned = Verdict.of(Device.AUTO, OptionalInt.empty(), ONE_GPU, Optional.empty(), Optional.empty());
        assertEquals(Verdict.Level.WARN, unassigned.level());
        assertTrue(unassigned.text().contains("spark.task.resource.gpu.amount"), unassigned.text());
    }

    @Test
    void twoExecutorsOnOneHostWithTheSameGpuAreFound() {
        Verdict ok = new Verdict(Verdict.Level.OK, "");
        List<DoctorRow> rows = List.of(
                new DoctorRow(0, "1", "h1", 2, 1, "0", "djl", "x", 1, 1, ok),
                new DoctorRow(1, "2", "h1", 2, 1, "0", "djl", "x", 1, 1, ok),
                new DoctorRow(2, "3", "h2", 2, 1, "0", "djl", "x", 1, 1, ok),
                new DoctorRow(3, "3", "h2", 2, 1, "1", "djl", "x", 1, 1, ok));
        assertEquals(Map.of("h1 GPU 0", List.of("1", "2")), Doctor.sharedGpus(rows));
    }

    /** The command on embedded Spark: one row per slot, the CPU build's library, a measured speed, exit 0. */
    @Test
    void doctorOnEmbeddedSpark(@TempDir Path dir) throws Exception {
        Path conf = Files.writeString(dir.resolve("d.conf"), """
                study { name = d }
                data { name = fashion-mnist }
                model { width = 2 }
                training { epochs = 1, batch_size = 16 }
                search { sampler = random, trials = 2, parallelism = 2 }
                space { lr { type = float, low = 1e-3, high = 1e-2, log = true } }
                """);
        CliRun run = CliRun.of("doctor", "--config", conf.toString(), "--steps", "3");
        assertEquals(0, run.exit(), run.err());
        List<String> rows = run.out().lines().filter(l -> l.matches("\\s+\\d+\\s+driver\\s.*")).toList();
        assertEquals(2, rows.size(), run.out());
        for (String r : rows) {
            assertTrue(r.contains("nd4j-native") && r.endsWith("OK") && r.matches(".*\\s\\d+\\.\\d\\s+OK"), r);
        }
        assertTrue(run.out().contains("doctor: every slot can train"), run.out());
        CliRun bad = CliRun.of("doctor", "--config", conf.toString(), "--steps", "0");
        assertEquals(2, bad.exit());
    }
}
