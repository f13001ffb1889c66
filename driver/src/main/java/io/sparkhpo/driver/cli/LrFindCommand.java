package io.sparkhpo.driver.cli;

import io.sparkhpo.driver.config.SweepConfig;
import io.sparkhpo.driver.config.SweepConfigLoader;
import io.sparkhpo.driver.lrfind.LrFind;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code sparkhpo lr-find --config FILE}: the learning-rate range test for a sweep's optimizer and model. */
@Command(name = "lr-find", mixinStandardHelpOptions = true,
        description = "Learning-rate range test: ramp the rate exponentially, record the loss, suggest a rate.")
final class LrFindCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "sweep configuration (HOCON)")
    Path config;

    @Option(names = "--min-lr", defaultValue = "1e-7", description = "first learning rate (default ${DEFAULT-VALUE})")
    double minLr;

    @Option(names = "--max-lr", defaultValue = "10", description = "last learning rate (default ${DEFAULT-VALUE})")
    double maxLr;

    @Option(names = "--iterations", defaultValue = "200", description = "steps of the ramp (default ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--diverge", defaultValue = "4", paramLabel = "FACTOR",
            description = "stop when the smoothed loss exceeds FACTOR x its minimum (default ${DEFAULT-VALUE})")
    double diverge;

    @Option(names = "--overwrite", description = "replace an earlier lr-find result of the study")
    boolean overwrite;

    @Override
    public Integer call() {
        if (!(minLr > 0) || !(maxLr > minLr)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--min-lr and --max-lr must satisfy 0 < min < max, got " + minLr + " and " + maxLr);
        }
        if (iterations < 10) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--iterations must be >= 10, got " + iterations);
        }
        if (!(diverge > 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--diverge must be > 1, got " + diverge);
        }
        SweepConfig cfg = SweepConfigLoader.load(config);
        LrFind.Outcome o = LrFind.run(cfg, new LrFind.Options(minLr, maxLr, iterations, diverge, overwrite), System.err);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("lr-find: %s, %d steps (%s)%n", o.spec().optimizer().label(), o.result().points().size(),
                o.result().stopReason());
        if (o.result().suggestion().isPresent()) {
            out.printf("suggested lr: %.3g (steepest descent of the smoothed loss)%n", o.result().suggestion().getAsDouble());
        } else {
            out.println("no suggestion: the loss did not fall over the range; widen --min-lr/--max-lr");
        }
        out.println("table: " + o.table());
        out.println("plot: " + o.plot());
        out.flush();
        return 0;
    }
}
