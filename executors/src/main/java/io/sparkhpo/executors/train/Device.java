package io.sparkhpo.executors.train;

import io.sparkhpo.executors.ConfigName;

import java.util.List;
import java.util.Locale;

/**
 * Where a trial trains ({@code training.device}), given the GPU Spark assigned its task (if any) and what the engine
 * loaded in this JVM. {@link DeviceCheck} turns a mismatch into a reason and a fix; nothing falls back silently.
 */
public enum Device implements ConfigName {
    /** The GPU Spark gave the task; the CPU when it gave none. A GPU the engine cannot use is an error. */
    AUTO,
    /** The CPU, even where Spark gives the task a GPU (the GPU then stays idle: on purpose). */
    CPU,
    /** A GPU is required: a task Spark gave no GPU, or an engine that sees none, is an error. */
    GPU;

    public static List<String> names() {
        return ConfigName.names(Device.class);
    }

    /** @throws IllegalArgumentException naming the known names */
    public static Device of(String name) {
        return ConfigName.parse(Device.class, "device", name == null ? null : name.toLowerCase(Locale.ROOT));
    }
}
