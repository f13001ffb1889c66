package io.sparkhpo.driver.cli;

import io.sparkhpo.driver.bench.DispatchBenchmark;
import io.sparkhpo.driver.study.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code sparkhpo bench-dispatch}: the per-trial cost of dispatching short trials, against one Spark job per trial. */
@Command(name = "bench-dispatch", mixinStandardHelpOptions = true,
        description = "Time the dispatch of short synthetic trials (embedded Spark), with one Spark job per trial as the reference.")
final class BenchDispatchCommand implements Callable<Integer> {

    @Option(names = "--trials", defaultValue = "1000", description = "default ${DEFAULT-VALUE}")
    int trials;

    @Option(names = "--objective-ms", defaultValue = "10", description = "each trial's time (default ${DEFAULT-VALUE})")
    int objectiveMs;

    @Option(names = "--steps", defaultValue = "1", description = "reports per trial (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--parallelism", defaultValue = "2", description = "trials at once: local[N] (default ${DEFAULT-VALUE})")
    int parallelism;

    @Option(names = "--reference-trials", defaultValue = "100", description = "trials dispatched as one Spark job each, "
            + "for the reference (0: none; default ${DEFAULT-VALUE})")
    int jobs;

    @Option(names = "--output", defaultValue = "runs", description = "where the study bench-dispatch goes (default ${DEFAULT-VALUE})")
    Path output;

    @Override
    public Integer call() {
        if (trials < 1 || objectiveMs < 0 || steps < 1 || parallelism < 1 || jobs < 0) {
            throw new UserError("bench-dispatch: --trials, --steps and --parallelism must be at least 1 and "
                    + "--objective-ms and --reference-trials at least 0, got " + trials + ", " + steps + ", " + parallelism
                    + ", " + objectiveMs + " and " + jobs);
        }
        DispatchBenchmark.run(trials, objectiveMs, steps, parallelism, jobs, output, System.out, System.err);
        return 0;
    }
}
