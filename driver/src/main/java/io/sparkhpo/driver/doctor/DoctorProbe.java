package io.sparkhpo.driver.doctor;

import io.sparkhpo.driver.runtime.TaskResources;
import io.sparkhpo.executors.train.Device;
import io.sparkhpo.executors.train.EngineRuntime;
import io.sparkhpo.executors.train.Engines;
import io.sparkhpo.executors.train.SpeedProbe;
import io.sparkhpo.executors.train.TrainingEngine;
import io.sparkhpo.executors.train.TrialSpec;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.Function;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * What one {@code doctor} task does on its executor: asks the engine what it loaded, checks it against the GPU Spark
 * gave the task as a trial would, binds the engine there and times the configured model's training steps.
 */
final class DoctorProbe implements Function<Integer, DoctorRow> {

    private final TrialSpec spec;
    private final Device device;
    private final int threads;
    private final int steps;
    private final double maxSeconds;

    DoctorProbe(TrialSpec spec, Device device, int threads, int steps, double maxSeconds) {
        this.spec = spec;
        this.device = device;
        this.threads = threads;
        this.steps = steps;
        this.maxSeconds = maxSeconds;
    }

    @Override
    public DoctorRow call(Integer slot) {
        String gpus = TaskResources.gpu();
        OptionalInt gpu = TaskResources.firstAddress(gpus);
        TrainingEngine engine = Engines.get(spec.engine());
        EngineRuntime runtime = TaskResources.runtime(engine);
        Optional<String> problem = TaskResources.bind(engine, device, gpus);
        double speed = Double.NaN;
        int timed = 0;
        Optional<String> error = Optional.empty();
        if (problem.isEmpty()) {
            try {
                SpeedProbe.Result r = SpeedProbe.measure(spec, threads, steps, maxSeconds);
                speed = r.imagesPerSecond();
                timed = r.steps();
            } catch (RuntimeException | OutOfMemoryError e) {
                error = Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        SparkEnv env = SparkEnv.get();
        int cores = env.conf().getInt("spark.executor.cores", Runtime.getRuntime().availableProcessors());
        return new DoctorRow(slot, env.executorId(), TaskResources.host(), cores, threads, gpus == null ? "-" : gpus,
                engine.name(), runtime.describe(), speed, timed, Verdict.of(device, gpu, runtime, problem, error));
    }
}
