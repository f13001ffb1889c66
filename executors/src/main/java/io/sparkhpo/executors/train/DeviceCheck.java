package io.sparkhpo.executors.train;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Whether a task can train where {@code training.device} says, given the GPU address Spark assigned it and what its
 * engine loaded: a pure function, used by every trial's task (which fails at once with the reason) and by
 * {@code doctor} (which prints it with the fix).
 */
public final class DeviceCheck {

    private DeviceCheck() {
    }

    /**
     * @param engine  the engine's name, for the message
     * @param device  {@code training.device}
     * @param gpu     the first GPU address Spark gave the task, empty when none
     * @param runtime what the engine loaded
     * @param cpuFix  how to get a GPU build of this engine (from {@link TrainingEngine#gpuBuildHint})
     * @return the problem and its fix, or empty when the task can train
     */
    public static Optional<String> problem(String engine, Device device, OptionalInt gpu, EngineRuntime runtime, String cpuFix) {
        if (device == Device.CPU) {
            return Optional.empty();
        }
        if (gpu.isEmpty()) {
            return device == Device.GPU ? Optional.of("training.device = gpu, but Spark gave this task no GPU; fix: "
                    + "spark.executor.resource.gpu.amount, spark.task.resource.gpu.amount = 1 and a discovery script "
                    + "(conf/gpu-discovery.sh), or training.device = auto") : Optional.empty();
        }
        int address = gpu.getAsInt();
        if (runtime.gpus() == 0) {
            return Optional.of("Spark gave this task GPU " + address + ", but the " + engine + " engine loaded "
                    + runtime.library() + " " + runtime.version() + ", which cannot use a GPU (it would train on the CPU); "
                    + "fix: " + cpuFix + ", or set training.device = cpu to train on the CPU on purpose");
        }
        if (address >= runtime.gpus()) {
            return Optional.of("Spark gave this task GPU " + address + ", but " + runtime.library() + " sees only "
                    + runtime.gpus() + " GPU(s) (0.." + (runtime.gpus() - 1) + "); fix: make the discovery script report "
                    + "the addresses this process sees (CUDA_VISIBLE_DEVICES renumbers them from 0)");
        }
        return Optional.empty();
    }
}
