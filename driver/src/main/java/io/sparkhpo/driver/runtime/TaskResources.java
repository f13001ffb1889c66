package io.sparkhpo.driver.runtime;

import io.sparkhpo.executors.train.Device;
import io.sparkhpo.executors.train.DeviceCheck;
import io.sparkhpo.executors.train.EngineRuntime;
import io.sparkhpo.executors.train.TrainingEngine;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/** Where the running Spark task is: its host and the GPU addresses Spark gave it (trials and {@code doctor}). */
public final class TaskResources {

    private static final Map<String, EngineRuntime> RUNTIMES = new ConcurrentHashMap<>();

    private TaskResources() {
    }

    /** The GPU addresses Spark gave the running task, comma-separated; {@code null} for none (or outside a task). */
    public static String gpu() {
        TaskContext ctx = TaskContext.get();
        if (ctx == null) {
            return null;
        }
        scala.Option<ResourceInformation> gpu = ctx.resources().get("gpu");
        return gpu.isDefined() ? String.join(",", gpu.get().addresses()) : null;
    }

    /**
     * The first of a task's GPU addresses: with one GPU per task, trials running side by side on an executor each get
     * their own device.
     */
    public static OptionalInt firstAddress(String addresses) {
        return addresses == null || addresses.isEmpty() ? OptionalInt.empty()
                : OptionalInt.of(Integer.parseInt(addresses.split(",")[0].trim()));
    }

    /** What {@code engine} loaded in this JVM (asked once per JVM: it does not change). */
    public static EngineRuntime runtime(TrainingEngine engine) {
        return RUNTIMES.computeIfAbsent(engine.name(), k -> engine.runtime());
    }

    /**
     * Checks that a task given {@code gpus} can train where {@code device} says with what {@code engine} loaded
     * ({@link DeviceCheck}), and if so binds the engine to its device (the first GPU address, none for
     * {@code training.device = cpu} or no GPU). Every trial's task and {@code doctor}'s probe go through here.
     *
     * @return the problem and its fix; empty when the engine was bound
     */
    public static Optional<String> bind(TrainingEngine engine, Device device, String gpus) {
        OptionalInt first = firstAddress(gpus);
        Optional<String> problem = DeviceCheck.problem(engine.name(), device, first, runtime(engine), engine.gpuBuildHint());
        if (problem.isEmpty()) {
            engine.bindGpu(device == Device.CPU ? OptionalInt.empty() : first);
        }
        return problem;
    }

    /** The name of the host this JVM runs on ({@code unknown} when it cannot be resolved). */
    public static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
