package io.sparkhpo.driver.bench;

import io.sparkhpo.driver.cluster.LocalStandaloneCluster;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The same sweep on a standalone cluster of 1, 2, ... one-core workers on this machine (master and workers from the
 * embedded jar, the sweep through SparkSubmit with the cluster jar): the sweep's wall time, the speedup over one
 * worker, and the dispatch overhead per trial (slot time beyond the time inside the trials); and, in the
 * same run, the same trials trained by as many plain JVMs side by side without Spark ({@link PlainTrainings}): the
 * speedup this machine allows (the ceiling), and the sweep's efficiency = its speedup / that ceiling.
 */
public final class ClusterScaling {

    private static final Pattern SUMMARY = Pattern.compile(
            "sweep took ([0-9.]+) s: (\\d+) trials, ([0-9.]+) s each on average; dispatch overhead ([0-9.]+) ms per trial \\(([0-9.]+)% of trial time\\)");

    private ClusterScaling() {
    }

    public record Row(int workers, double sweepSeconds, int trials, double trialSeconds, double overheadMs, double overheadPercent) {
    }

    /** What one cluster size measured: the sweep's row and the plain trainings' wall time. */
    record Measured(Row sweep, double plainSeconds) {
    }

    /** The sweep's dispatch summary line ({@code ObjectiveSweep.Result#summary}) in a sweep's log, as a row. */
    static java.util.Optional<Row> summary(int workers, String log) {
        Matcher m = SUMMARY.matcher(log);
        if (!m.find()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Row(workers, Double.parseDouble(m.group(1)), Integer.parseInt(m.group(2)),
                Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5))));
    }

    public static int run(Path config, List<Integer> workerCounts, String executorMemory, Path workDir, PrintStream out,
                          PrintStream progress) throws IOException, InterruptedException {
        Path embedded = embeddedJar();
        Path cluster = embedded.resolveSibling("sparkhpo-cluster.jar");
        Path app = Files.exists(cluster) ? cluster : embedded;
        String opens = opens(embedded);
        List<Measured> rows = new ArrayList<>();
        List<String> plainJvm = new ArrayList<>(List.of("-Xmx" + executorMemory, "-Dorg.bytedeco.javacpp.maxbytes=3g",
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=5g"));
        plainJvm.addAll(List.of(opens.split("\\s+")));
        for (int n : workerCounts) {
            Path dir = Files.createDirectories(workDir.resolve("workers-" + n));
            progress.printf("bench-cluster: starting a standalone cluster of %d one-core worker(s) in %s%n", n, dir);
            try (LocalStandaloneCluster c = LocalStandaloneCluster.start(dir, List.of(embedded), opens, n, 1, executorMemory, Map.of())) {
                Map<String, String> conf = new LinkedHashMap<>();
                conf.put("spark.executor.cores", "1");
                conf.put("spark.task.cpus", "1");
                conf.put("spark.executor.memory", executorMemory);
                conf.put("spark.executor.extraJavaOptions", opens + " -Dorg.bytedeco.javacpp.maxbytes=3g -Dorg.bytedeco.javacpp.maxphysicalbytes=5g");
                conf.put("spark.driver.host", "127.0.0.1");
                conf.put("spark.ui.enabled", "false");
                Path log = dir.resolve("sweep.log");
                Process p = c.submit(app, conf, log, "sweep", "--config", config.toString(), "--overwrite");
                if (!p.waitFor(60, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    throw new IOException("the sweep on " + n + " worker(s) failed; see " + log);
                }
                Row r = summary(n, Files.readString(log)).orElseThrow(() -> new IOException("no dispatch summary in " + log));
                progress.printf("bench-cluster: %d worker(s): sweep %.1f s%n", n, r.sweepSeconds());
                c.close(); // the plain trainings get the machine to themselves, as the executors had it
                progress.printf("bench-cluster: the same trials in %d plain JVM(s) side by side, without Spark%n", n);
                double plain = PlainTrainings.run(embedded, config, n, plainJvm, dir.resolve("plain"));
                progress.printf("bench-cluster: %d plain JVM(s): %.1f s%n", n, plain);
                rows.add(new Measured(r, plain));
            }
        }
        out.printf(Locale.ROOT, "sweep %s on a local standalone cluster of one-core workers (executor memory %s)%n", config, executorMemory);
        out.printf(Locale.ROOT, "%8s %10s %9s %9s %9s %11s %6s %10s %16s %12s%n", "workers", "sweep s", "speedup", "plain s",
                "ceiling", "efficiency", "trials", "trial s", "overhead ms/trial", "overhead %");
        double base = rows.get(0).sweep().sweepSeconds();
        double plainBase = rows.get(0).plainSeconds();
        for (Measured m : rows) {
            Row r = m.sweep();
            double speedup = base / r.sweepSeconds();
            double ceiling = plainBase / m.plainSeconds();
            out.printf(Locale.ROOT, "%8d %10.1f %8.2fx %9.1f %8.2fx %11.3f %6d %10.2f %16.0f %11.2f%%%n", r.workers(),
                    r.sweepSeconds(), speedup, m.plainSeconds(), ceiling, speedup / ceiling, r.trials(), r.trialSeconds(),
                    r.overheadMs(), r.overheadPercent());
        }
        out.printf(Locale.ROOT, "speedup: the first row's sweep time over each row's (the sweep's own wall time, from its first "
                + "ask to its last row, without the JVMs' and Spark's start-up); ceiling: the same for the same trials in as "
                + "many plain JVMs side by side, without Spark (data and engine loaded first); efficiency = speedup / ceiling%n");
        Measured last = rows.get(rows.size() - 1);
        out.printf(Locale.ROOT, "efficiency at %d workers: %.3f (sweep speedup %.2fx / ceiling %.2fx)%n", last.sweep().workers(),
                (base / last.sweep().sweepSeconds()) / (plainBase / last.plainSeconds()), base / last.sweep().sweepSeconds(),
                plainBase / last.plainSeconds());
        return 0;
    }

    /** The jar this code runs from: the embedded jar (Spark and everything else inside). */
    static Path embeddedJar() throws IOException {
        try {
            Path p = Path.of(ClusterScaling.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!p.toString().endsWith(".jar")) {
                throw new IOException("bench-cluster runs from the embedded jar (bin/sparkhpo bench-cluster), not from " + p);
            }
            return p;
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    /** Java 17's --add-opens for Spark, from the jar's Add-Opens manifest attribute. */
    static String opens(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            String attr = j.getManifest().getMainAttributes().getValue("Add-Opens");
            StringBuilder sb = new StringBuilder();
            if (attr != null) {
                for (String pkg : attr.trim().split("\\s+")) {
                    sb.append("--add-opens=").append(pkg).append("=ALL-UNNAMED ");
                }
            }
            return sb.append("-Djdk.reflect.useDirectMethodHandle=false").toString();
        }
    }
}
