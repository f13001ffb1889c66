package io.sparkhpo.executors.train;

import java.io.Serializable;

/**
 * What an engine actually loaded in this JVM, as {@code doctor} prints it and {@link DeviceCheck} judges it.
 *
 * @param library the native library and its flavour, e.g. {@code ND4J nd4j-native (CPU)} or {@code libtorch cpu}
 * @param version its version, e.g. {@code 1.0.0-M2.1} or {@code 2.7.1}
 * @param gpus    the GPUs the library can use (0 for a CPU-only build)
 * @param detail  more about the devices (CUDA version, device names), or empty
 */
public record EngineRuntime(String library, String version, int gpus, String detail) implements Serializable {

    public EngineRuntime {
        if (gpus < 0) {
            throw new IllegalArgumentException("EngineRuntime.gpus must be >= 0, got " + gpus);
        }
    }

    /** One line: library, version, devices. */
    public String describe() {
        return library + " " + version + ", " + (gpus == 0 ? "no GPU" : gpus + " GPU(s)") + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
