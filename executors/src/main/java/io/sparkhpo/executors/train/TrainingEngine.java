package io.sparkhpo.executors.train;

import io.sparkhpo.executors.data.Dataset;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A way to train networks (Deeplearning4j, libtorch, ...). Implementations are registered in
 * {@code META-INF/services/io.sparkhpo.executors.train.TrainingEngine} and found by {@link #name()}.
 *
 * <p>An engine declares what the driver needs from it: {@link #warmUp} (an executor's first task), {@link #bindGpu}
 * (the GPU Spark gave a task), {@link #trialsPerJvm} (and so the Spark settings a cluster needs), and
 * {@link #dataParallel} (whether {@code retrain} can use it). The driver never tests an engine's name.
 *
 * <p>Thread-safety: {@link #open} may be called from several task threads at once; each session is used by
 * one thread.
 */
public interface TrainingEngine {

    /** The name used in configs and tables, e.g. {@code dl4j}. */
    String name();

    /**
     * Builds the trial's network and optimizer, initialized from {@code spec.seed()}, for inputs shaped like
     * {@code shapeOf}.
     */
    TrainingSession open(TrialSpec spec, Dataset shapeOf);

    /**
     * Sets how many threads one training step may use inside this JVM (for every session of this engine).
     * The runner sets it before each trial to the cores per concurrently running trial: on 2 cores, two
     * single-threaded trials side by side train faster together than one two-threaded trial alone.
     */
    void setIntraOpThreads(int threads);

    /**
     * Whether this engine's CPU convolutions use oneDNN in this JVM (loading it if needed), for an engine that decides
     * that (libtorch: off where oneDNN gave wrong gradients); empty otherwise. {@code bench} runs its PyTorch reference
     * the same way, so that the ratio compares the engines rather than the kernels.
     */
    default java.util.Optional<Boolean> oneDnn() {
        return java.util.Optional.empty();
    }

    /**
     * Environment variables that give another process the process-wide settings this engine made in this JVM (glibc's
     * allocator, for libtorch), so that {@code bench}'s PyTorch reference runs under the same ones; empty for none.
     */
    default java.util.Map<String, String> processEnvironment() {
        return java.util.Map.of();
    }

    /** The thread settings (and anything else process-wide that sets its speed) in force now, for {@code bench}. */
    default String threadSettings() {
        return "";
    }

    /** @throws IllegalArgumentException unless {@code threads >= 1} (for {@link #setIntraOpThreads}) */
    static void checkThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("intra-op threads must be >= 1, got " + threads);
        }
    }

    /**
     * What this engine loaded in this JVM (loading it if needed): its native library, version and the GPUs it can
     * use. {@link DeviceCheck} judges it against the GPU Spark gave a task; {@code doctor} prints it.
     */
    EngineRuntime runtime();

    /** How a user gets a build of this engine that can use a GPU, for messages when it loaded a CPU-only one. */
    String gpuBuildHint();

    /** Loads the engine's native libraries into this JVM, so that an executor's first trial does not pay for it. */
    default void warmUp() {
    }

    /**
     * Points the sessions this thread opens at GPU {@code device} (the first address Spark gave the task; see
     * {@link GpuAssignment}), or at none when empty. Called before every task.
     */
    default void bindGpu(OptionalInt device) {
        if (device.isPresent()) {
            GpuAssignment.set(device.getAsInt());
        } else {
            GpuAssignment.clear();
        }
    }

    /**
     * How many trials one JVM may run at once; empty for no limit. A limit of 1 makes a sweep default to one trial
     * at a time in local mode and needs {@code spark.task.cpus = spark.executor.cores} on a cluster.
     */
    default OptionalInt trialsPerJvm() {
        return OptionalInt.empty();
    }

    /** Why {@link #trialsPerJvm} is limited, for messages; empty when it is not. */
    default String trialsPerJvmReason() {
        return "";
    }

    /** Data-parallel training across the executors, if the engine has it ({@code sparkhpo retrain}). */
    default Optional<DataParallelTraining> dataParallel() {
        return Optional.empty();
    }
}
