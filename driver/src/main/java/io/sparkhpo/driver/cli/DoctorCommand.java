package io.sparkhpo.driver.cli;

import io.sparkhpo.driver.doctor.Doctor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code sparkhpo doctor [--config FILE]}: what every executor slot would train with, how fast, and what to fix. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Runs one task per trial slot (embedded, or on the cluster spark-submit chose) and prints, per slot: "
                + "executor, host, cores, the GPUs Spark gave it, the engine's native library and the GPUs it sees, the "
                + "configured model's training speed there, and a verdict with the fix. Exit 1 when a slot would fail.")
final class DoctorCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "the sweep to check (default: dl4j, ResNet-18 width 64, batch 128, CIFAR-10 shapes)")
    Path config;

    @Option(names = "--steps", defaultValue = "20", description = "training steps timed per slot (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--max-seconds", defaultValue = "60", description = "stop timing a slot after this long (default ${DEFAULT-VALUE})")
    double maxSeconds;

    @Override
    public Integer call() {
        if (steps < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--steps must be >= 1, got " + steps);
        }
        if (!(maxSeconds > 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-seconds must be > 0, got " + maxSeconds);
        }
        return Doctor.run(Doctor.config(config), steps, maxSeconds, spec.commandLine().getOut(), System.err);
    }
}
