package io.sparkhpo.driver.cli;

import io.sparkhpo.driver.config.SweepConfig;
import io.sparkhpo.driver.config.SweepConfigLoader;
import io.sparkhpo.driver.sweep.SweepRunner;
import io.sparkhpo.driver.tables.RankedTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

/** {@code sparkhpo sweep --config FILE}: runs a sweep and prints its ranked trials. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Run a hyperparameter sweep described by a config file (HOCON).")
final class SweepCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "sweep configuration (HOCON)")
    Path config;

    @Option(names = "--overwrite", description = "replace the tables an earlier sweep left in the study folder")
    boolean overwrite;

    @Option(names = "--parallelism", paramLabel = "N", description = "trials in flight at once (overrides search.parallelism)")
    Integer parallelism;

    @Option(names = "--dashboard", arity = "0..1", fallbackValue = "8080", paramLabel = "PORT",
            description = "serve this sweep's live dashboard on 127.0.0.1:PORT while it runs (default port 8080; 0: a free one)")
    Integer dashboard;

    @Option(names = "--dry-run", description = "validate the config and print the trials' parameters without training")
    boolean dryRun;

    @Option(names = "--jars", split = ",", paramLabel = "JAR", description = "jars holding the objective class of an "
            + "objective.class config (comma-separated); shipped to the executors as spark.jars")
    List<Path> jars = List.of();

    @Option(names = "--resume", description = "continue the interrupted sweep of this config from its study journal and "
            + "tables: finished trials are kept, interrupted ones run again, the rest are asked as they would have been")
    boolean resume;

    @Override
    public Integer call() {
        if (parallelism != null && parallelism < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--parallelism must be >= 1, got " + parallelism);
        }
        if (resume && (overwrite || dryRun)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--resume cannot be combined with "
                    + (overwrite ? "--overwrite" : "--dry-run"));
        }
        if (io.sparkhpo.driver.config.ObjectiveConfigLoader.declaresObjective(config)) {
            return ObjectiveSweepCommand.run(config, jars, overwrite, resume, dryRun,
                    parallelism == null ? OptionalInt.empty() : OptionalInt.of(parallelism),
                    dashboard == null ? OptionalInt.empty() : OptionalInt.of(dashboard), spec.commandLine());
        }
        if (!jars.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--jars is for a user objective's config "
                    + "(one with an objective section); " + config + " trains the built-in network");
        }
        SweepConfig cfg = SweepConfigLoader.load(config);
        PrintWriter out = spec.commandLine().getOut();
        if (dryRun) {
            if (io.sparkhpo.search.sampler.Samplers.get(cfg.search().sampler()).learns()) {
                System.err.println("sparkhpo: dry run: " + cfg.search().sampler() + " chooses later trials from earlier results; "
                        + "without results these are the trials it would ask in that case");
            }
            for (Map<String, Object> p : SweepRunner.plan(cfg, cfg.search().trials())) {
                out.println(p);
            }
            return 0;
        }
        SweepRunner.Result result = SweepRunner.run(cfg, new SweepRunner.Options(overwrite,
                parallelism == null ? OptionalInt.empty() : OptionalInt.of(parallelism), resume,
                dashboard == null ? OptionalInt.empty() : OptionalInt.of(dashboard)), System.err);
        out.print(RankedTable.render(result.trials()));
        out.println();
        out.println("tables: " + result.directory() + "/trials  " + result.directory() + "/epochs");
        result.report().ifPresent(r -> out.println("report: " + r));
        out.flush();
        List<Map<String, Object>> rows = result.trials();
        boolean anyComplete = rows.stream().anyMatch(r -> io.sparkhpo.executors.train.RunState.isComplete(r.get("state")));
        if (!anyComplete) {
            spec.commandLine().getErr().println("sparkhpo: no trial completed; see the error column of the trials table");
            return Main.EXIT_FAILED;
        }
        return 0;
    }
}
