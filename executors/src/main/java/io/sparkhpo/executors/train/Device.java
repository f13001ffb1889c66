package io.sparkhpo.executors.train;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where a trial trains ({@code training.device}), given the GPU Spark assigned its task (if any) and what the engine
 * loaded in this JVM. {@link DeviceCheck} turns a mismatch into a reason and a fix; nothing falls back silently.
 */
public enum Device {
    /** The GPU Spark gave the task; the CPU when it gave none. A GPU the engine cannot use is an error. */
    AUTO("auto"),
    /** The CPU, even where Spark gives the task a GPU (the GPU then stays idle: on purpose). */
    CPU("cpu"),
    /** A GPU is required: a task Spark gave no GPU, or an engine that sees none, is an error. */
    GPU("gpu");

    private final String configName;

    Device(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(Device::configName).toList();
    }

    /** @throws IllegalArgumentException for a name that is none of {@link #names()} */
    public static Device of(String name) {
        for (Device d : values()) {
            if (d.configName.equals(name.toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown device " + name + "; known: " + String.join(", ", names()));
    }
}
