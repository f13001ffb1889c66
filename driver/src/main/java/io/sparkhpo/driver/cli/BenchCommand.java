package io.sparkhpo.driver.cli;

import io.sparkhpo.driver.bench.Benchmark;
import io.sparkhpo.driver.bench.BenchmarkRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code sparkhpo bench}: our engines' ResNet-18 throughput against PyTorch's, measured in one run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Training and inference img/s of the CIFAR ResNet-18 for each engine and for PyTorch, with ratios.")
final class BenchCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--engines", split = ",", defaultValue = "dl4j,djl", description = "our engines (default ${DEFAULT-VALUE})")
    List<String> engines;

    @Option(names = "--configs", split = ",", defaultValue = "16x64,16x128,64x64,64x128", paramLabel = "WxB",
            description = "width x batch size pairs (default ${DEFAULT-VALUE})")
    List<String> configs;

    @Option(names = "--threads", description = "threads for every engine and PyTorch (default: all cores)")
    Integer threads;

    @Option(names = "--seconds", defaultValue = "20", description = "minimum timed seconds per measurement (default ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--python", defaultValue = "/usr/bin/python3",
            description = "Python with torch, for the reference (default ${DEFAULT-VALUE}); 'none' to skip")
    String python;

    @Option(names = "--dl4j-variants", description = "also DL4J untuned and with one tuning setting at a time")
    boolean dl4jVariants;

    @Option(names = "--profile", description = "also: each step split into phases, the optimizer update alone "
            + "(against the Java update and torch.optim.AdamW), and a segment's fixed costs at width 64")
    boolean profile;

    @Option(names = "--sam", description = "also every engine and PyTorch stepping with SAM(AdamW), rho 0.05 (two "
            + "forward-backward passes a step), and what a SAM step costs against an AdamW step")
    boolean sam;

    @Override
    public Integer call() {
        List<Benchmark.Config> parsed = new ArrayList<>();
        for (String c : configs) {
            String[] wb = c.split("x");
            try {
                parsed.add(new Benchmark.Config(Integer.parseInt(wb[0]), Integer.parseInt(wb[1])));
            } catch (RuntimeException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--configs takes WIDTHxBATCH pairs, got " + c);
            }
        }
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (t < 1 || !(seconds > 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads and --seconds must be positive");
        }
        List<String> ours = new ArrayList<>(engines);
        if (dl4jVariants) {
            ours.addAll(Benchmark.DL4J_VARIANTS.keySet());
        }
        String table = BenchmarkRun.run(ours, parsed, t, seconds, python.equals("none") ? null : python, profile,
                sam, System.err);
        spec.commandLine().getOut().print(table);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
