package io.sparkhpo.driver.cli;

import io.sparkhpo.driver.bench.SamplerBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code sparkhpo bench-search}: our samplers against Optuna's on test functions, and TPE's ask() time. */
@Command(name = "bench-search", mixinStandardHelpOptions = true,
        description = "Our samplers vs Optuna's (python3-optuna) on Branin, Hartmann-6, a log-space lr/wd function and a "
                + "training-run surrogate, noiseless and noisy; the time of one ask() after N trials; and BOHB vs Hyperband "
                + "and ASHA with random sampling on a multi-fidelity Hartmann-6.")
final class BenchSearchCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--functions", split = ",", defaultValue = "branin,hartmann6,lrwd,trainrun", description = "default ${DEFAULT-VALUE}")
    List<String> functions;

    @Option(names = "--samplers", split = ",", description = "default: every registered sampler that needs no grid, "
            + "and tpe-mv (now: ${COMPLETION-CANDIDATES})", completionCandidates = SamplerKeys.class)
    List<String> samplers;

    /** The benchmark's sampler keys, from the sampler registry. */
    static final class SamplerKeys implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return SamplerBenchmark.samplerKeys().iterator();
        }
    }

    @Option(names = "--seeds", defaultValue = "40", description = "runs per cell (default ${DEFAULT-VALUE}; medians of fewer than 20 are noisy)")
    int seeds;

    @Option(names = "--budgets", split = ",", defaultValue = "50,100", description = "trials (default ${DEFAULT-VALUE})")
    List<Integer> budgets;

    @Option(names = "--ask-sizes", split = ",", defaultValue = "100,1000,10000",
            description = "history sizes for the ask() timing; 'none' to skip (default ${DEFAULT-VALUE})")
    List<String> askSizes;

    @Option(names = "--threads", description = "cells run at once (default: all cores)")
    Integer threads;

    @Option(names = "--multi-fidelity-seeds", defaultValue = "40",
            description = "runs per method of BOHB vs Hyperband and ASHA with random sampling; 0 to skip (default ${DEFAULT-VALUE})")
    int multiFidelitySeeds;

    @Option(names = "--multi-objective-seeds", defaultValue = "20",
            description = "runs per cell of NSGA-II and multi-objective TPE vs Optuna's on ZDT1, ZDT2 and DTLZ2; 0 to skip "
                    + "(default ${DEFAULT-VALUE})")
    int multiObjectiveSeeds;

    @Option(names = "--motpe", description = "also run Optuna's multi-objective TPE (minutes per run)")
    boolean motpe;

    @Option(names = "--multi-objective-budgets", split = ",", defaultValue = "100,200", description = "trials (default ${DEFAULT-VALUE})")
    List<Integer> multiObjectiveBudgets;

    @Option(names = "--python", defaultValue = "/usr/bin/python3", description = "Python with optuna (default ${DEFAULT-VALUE})")
    String python;

    @Override
    public Integer call() throws Exception {
        if (seeds < 1 || budgets.isEmpty() || budgets.stream().anyMatch(b -> b < 1) || multiFidelitySeeds < 0
                || multiObjectiveSeeds < 0 || multiObjectiveBudgets.isEmpty() || multiObjectiveBudgets.stream().anyMatch(b -> b < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--seeds, --budgets and --multi-objective-budgets must be "
                    + "positive and the other seed counts at least 0, got " + seeds + ", " + budgets + ", "
                    + multiObjectiveBudgets + ", " + multiFidelitySeeds + " and " + multiObjectiveSeeds);
        }
        List<Integer> sizes;
        try {
            sizes = askSizes.equals(List.of("none")) ? List.of() : askSizes.stream().map(Integer::parseInt).toList();
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--ask-sizes takes numbers or 'none', got " + askSizes);
        }
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        SamplerBenchmark.Settings settings;
        try {
            settings = SamplerBenchmark.settings(functions, samplers == null ? SamplerBenchmark.samplerKeys() : samplers, seeds, budgets, sizes, python, Math.max(1, t));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        int rc = new SamplerBenchmark(settings, System.out, System.err).run();
        if (multiFidelitySeeds > 0) {
            io.sparkhpo.driver.bench.MultiFidelityBenchmark.print(multiFidelitySeeds, Math.max(1, t), System.out, System.err);
        }
        if (multiObjectiveSeeds > 0) {
            io.sparkhpo.driver.bench.MultiObjectiveBenchmark.print(io.sparkhpo.driver.bench.SamplerBenchmark.optunaScript(), python,
                    multiObjectiveSeeds, multiObjectiveBudgets, motpe, Math.max(1, t), System.out, System.err);
        }
        return rc;
    }
}
