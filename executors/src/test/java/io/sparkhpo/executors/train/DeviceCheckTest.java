package io.sparkhpo.executors.train;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeviceCheckTest {

    private static final EngineRuntime CPU_ONLY = new EngineRuntime("ND4J nd4j-native (CPU)", "1.0.0-M2.1", 0, "");
    private static final EngineRuntime TWO_GPUS = new EngineRuntime("libtorch cu128", "2.7.1", 2, "");

    private static Optional<String> check(Device d, OptionalInt gpu, EngineRuntime rt) {
        return DeviceCheck.problem("dl4j", d, gpu, rt, "build with -Pcuda");
    }

    @Test
    void aGpuTheEngineCannotUseIsAProblemWithItsFix() {
        String why = check(Device.AUTO, OptionalInt.of(1), CPU_ONLY).orElseThrow();
        assertTrue(why.contains("GPU 1") && why.contains("nd4j-native") && why.contains("build with -Pcuda")
                && why.contains("training.device = cpu"), why);
        assertTrue(check(Device.GPU, OptionalInt.of(0), CPU_ONLY).isPresent());
    }

    @Test
    void cpuOnPurposeIgnoresTheGpu() {
        assertEquals(Optional.empty(), check(Device.CPU, OptionalInt.of(0), CPU_ONLY));
        assertEquals(Optional.empty(), check(Device.CPU, OptionalInt.empty(), TWO_GPUS));
    }

    @Test
    void noGpuIsFineUnlessOneIsRequired() {
        assertEquals(Optional.empty(), check(Device.AUTO, OptionalInt.empty(), CPU_ONLY));
        String why = check(Device.GPU, OptionalInt.empty(), TWO_GPUS).orElseThrow();
        assertTrue(why.contains("spark.task.resource.gpu.amount"), why);
    }

    @Test
    void anAddressBeyondTheDevicesTheEngineSeesIsAProblem() {
        assertEquals(Optional.empty(), check(Device.AUTO, OptionalInt.of(1), TWO_GPUS));
        String why = check(Device.AUTO, OptionalInt.of(2), TWO_GPUS).orElseThrow();
        assertTrue(why.contains("sees only 2") && why.contains("CUDA_VISIBLE_DEVICES"), why);
    }

    @Test
    void deviceNamesAreExact() {
        assertEquals(Device.CPU, Device.of("cpu"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Device.of("cuda"));
        assertTrue(e.getMessage().contains("auto, cpu, gpu"), e.getMessage());
    }

    @Test
    void bothEnginesSayWhatTheyLoaded() {
        for (String name : Engines.available().keySet()) {
            TrainingEngine engine = Engines.get(name);
            EngineRuntime rt = engine.runtime();
            assertEquals(0, rt.gpus(), name + " on this CPU-only build: " + rt.describe());
            assertTrue(!rt.version().isBlank() && !rt.version().contains("unknown"), rt.describe());
            assertTrue(rt.library().contains(name.equals("dl4j") ? "nd4j-native" : "libtorch cpu"), rt.describe());
            assertTrue(!engine.gpuBuildHint().isBlank());
        }
    }
}
