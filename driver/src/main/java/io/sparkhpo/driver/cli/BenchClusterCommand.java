package io.sparkhpo.driver.cli;

import io.sparkhpo.driver.bench.ClusterScaling;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code sparkhpo bench-cluster}: one sweep on 1 and 2 one-core standalone workers; speedup and dispatch overhead. */
@Command(name = "bench-cluster", mixinStandardHelpOptions = true,
        description = "Runs a sweep on a local standalone Spark cluster of 1, 2, ... one-core workers and prints the speedup "
                + "and the dispatch overhead per trial.")
final class BenchClusterCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", defaultValue = "conf/scaling.conf", description = "the sweep (default ${DEFAULT-VALUE})")
    Path config;

    @Option(names = "--workers", split = ",", defaultValue = "1,2", description = "cluster sizes (default ${DEFAULT-VALUE})")
    List<Integer> workers;

    @Option(names = "--executor-memory", defaultValue = "3g", description = "heap per executor (default ${DEFAULT-VALUE})")
    String memory;

    @Option(names = "--work-dir", description = "where the clusters keep their files (default: a temporary folder)")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(config)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--config: " + config + " not found");
        }
        if (workers.isEmpty() || workers.stream().anyMatch(w -> w < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--workers must be positive numbers, got " + workers);
        }
        Path dir = workDir != null ? workDir : Files.createTempDirectory("sparkhpo-bench-cluster");
        return ClusterScaling.run(config.toAbsolutePath(), workers, memory, dir, System.out, System.err);
    }
}
