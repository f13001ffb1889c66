package io.sparkhpo.driver.doctor;

import io.sparkhpo.executors.train.Device;
import io.sparkhpo.executors.train.EngineRuntime;

import java.io.Serializable;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code doctor}'s judgement of one executor slot, with the fix for a problem.
 *
 * @param level OK, WARN (trials run, but not as the user likely wants) or FAIL (trials fail there)
 * @param text  what was found and, unless OK, what to do
 */
public record Verdict(Level level, String text) implements Serializable {

    /** How bad it is; FAIL makes {@code doctor} exit 1. */
    public enum Level { OK, WARN, FAIL }

    /**
     * @param deviceProblem {@link io.sparkhpo.executors.train.DeviceCheck}'s finding for this slot, if any
     * @param trainingError why the timed steps failed, if they did
     */
    static Verdict of(Device device, OptionalInt gpu, EngineRuntime runtime, Optional<String> deviceProblem,
                      Optional<String> trainingError) {
        if (deviceProblem.isPresent()) {
            return new Verdict(Level.FAIL, deviceProblem.get());
        }
        if (trainingError.isPresent()) {
            return new Verdict(Level.FAIL, "training failed: " + trainingError.get() + "; fix: the executor's memory "
                    + "(spark.executor.memory, and -Dorg.bytedeco.javacpp.maxbytes for ND4J) or the model's width and batch size");
        }
        if (device == Device.CPU && gpu.isPresent()) {
            return new Verdict(Level.WARN, "training.device = cpu: trials train on the CPU and GPU " + gpu.getAsInt()
                    + " stays idle; fix: training.device = auto to use it");
        }
        if (gpu.isEmpty() && runtime.gpus() > 0 && device != Device.CPU) {
            return new Verdict(Level.WARN, "the engine sees " + runtime.gpus() + " GPU(s) but Spark gave this task none: "
                    + "trials train on the CPU; fix: spark.executor.resource.gpu.amount, spark.task.resource.gpu.amount = 1 "
                    + "and a discovery script (conf/gpu-discovery.sh)");
        }
        return new Verdict(Level.OK, gpu.isPresent() && device != Device.CPU ? "trains on GPU " + gpu.getAsInt()
                : "trains on the CPU");
    }
}
