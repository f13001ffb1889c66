package io.sparkhpo.driver.cli;

import io.sparkhpo.driver.bench.DashboardBenchmark;
import io.sparkhpo.driver.study.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code sparkhpo bench-dashboard}: the dashboard's speed on a generated study of 10,000 trials × 100 epochs. */
@Command(name = "bench-dashboard", mixinStandardHelpOptions = true,
        description = "Time the dashboard (server views, first paint and each view in headless Chromium) on a generated study.")
final class BenchDashboardCommand implements Callable<Integer> {

    @Option(names = "--trials", defaultValue = "10000", description = "default ${DEFAULT-VALUE}")
    int trials;

    @Option(names = "--epochs", defaultValue = "100", description = "default ${DEFAULT-VALUE}")
    int epochs;

    @Option(names = "--dir", defaultValue = "runs/bench-dashboard", description = "the generated study's folder, reused "
            + "when it holds that many trials (default ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--chromium", defaultValue = "/usr/bin/chromium", description = "a Chromium or Chrome binary (default ${DEFAULT-VALUE})")
    String chromium;

    @Override
    public Integer call() throws Exception {
        if (trials < 1 || epochs < 1) {
            throw new UserError("bench-dashboard: --trials and --epochs must be at least 1, got " + trials + " and " + epochs);
        }
        if (!java.nio.file.Files.isExecutable(Path.of(chromium))) {
            throw new UserError("bench-dashboard: --chromium " + chromium + " is not an executable (apt-get install chromium)");
        }
        DashboardBenchmark.run(dir, trials, epochs, chromium, System.out);
        return 0;
    }
}
