package io.sparkhpo.driver.bench;

import io.sparkhpo.executors.train.Engines;
import io.sparkhpo.executors.train.TrainingEngine;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs the benchmark: PyTorch first for each configuration, then each of our engines; returns the table. */
public final class BenchmarkRun {

    private BenchmarkRun() {
    }

    /**
     * @param python the Python with torch for the reference, or {@code null} to skip it
     */
    public static String run(List<String> engines, List<Benchmark.Config> configs, int threads, double seconds,
                             String python, PrintStream err) {
        return run(engines, configs, threads, seconds, python, false, false, err);
    }

    /**
     * @param profile also run {@link ProfileRun} (step phases, the update alone, fixed costs) for {@code engines}
     *                that are engine names (not DL4J variants), after the table
     * @param sam     also measure PyTorch and each engine name of {@code engines} stepping with SAM(AdamW), and print
     *                {@link Benchmark#samCost}
     */
    public static String run(List<String> engines, List<Benchmark.Config> configs, int threads, double seconds,
                             String python, boolean profile, boolean sam, PrintStream err) {
        PyTorchRunner torch = null;
        String header = "";
        if (python != null) {
            try {
                torch = PyTorchRunner.create(python);
                header = "PyTorch " + torch.version() + " (" + python + "), ";
            } catch (IOException e) {
                err.println("sparkhpo: bench: no PyTorch reference: " + e.getMessage()
                        + " (Debian: apt-get install python3-torch; it installs for /usr/bin/python3)");
                torch = null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                torch = null;
            }
        }
        // PyTorch as its users run it, and, for an engine with process-wide settings of its own (libtorch: oneDNN off
        // where it gave wrong gradients, glibc's allocator), PyTorch under those settings too: the same kernels
        Map<String, PyTorchRunner> matched = new java.util.LinkedHashMap<>();
        Map<String, java.util.Optional<Boolean>> matchedOneDnn = new HashMap<>();
        for (String e : engines) {
            TrainingEngine engine = Benchmark.DL4J_VARIANTS.containsKey(e) ? null : Engines.get(Benchmark.withoutSam(e));
            if (torch == null || engine == null) {
                continue;
            }
            java.util.Optional<Boolean> engineOneDnn = engine.oneDnn();
            Map<String, String> env = engine.processEnvironment();
            if (engineOneDnn.isPresent() || !env.isEmpty()) {
                matched.put(e, torch.withEnvironment(env));
                matchedOneDnn.put(e, engineOneDnn);
                header += "(" + Benchmark.matchedName(e) + ": PyTorch with oneDNN " + engineOneDnn.map(on -> on ? "on"
                        : "off").orElse("as it chooses") + " and " + env + ", as " + e + " here) ";
            }
        }
        List<Benchmark.Measurement> all = new ArrayList<>();
        for (Benchmark.Config c : configs) {
            // each one's SAM measurement right after its plain one, so that the cost compares measurements taken side
            // by side (a small shared machine's speed drifts between measurements)
            if (torch != null) {
                for (boolean withSam : sam ? List.of(false, true) : List.of(false)) {
                    Benchmark.Measurement m = torch.measure(c, threads, seconds, withSam, java.util.Optional.empty());
                    Benchmark.report(err, m);
                    all.add(m);
                }
                for (Map.Entry<String, PyTorchRunner> e : matched.entrySet()) {
                    Benchmark.Measurement m = e.getValue().measure(c, threads, seconds, false, matchedOneDnn.get(e.getKey()))
                            .named(Benchmark.matchedName(e.getKey()));
                    Benchmark.report(err, m);
                    all.add(m);
                }
            }
            for (String e : engines) {
                boolean samToo = sam && !Benchmark.DL4J_VARIANTS.containsKey(e);
                for (String label : samToo ? List.of(e, e + Benchmark.SAM_SUFFIX) : List.of(e)) {
                    Benchmark.Measurement m = Benchmark.ours(label, c, threads, seconds);
                    Benchmark.report(err, m);
                    all.add(m);
                }
            }
        }
        StringBuilder settings = new StringBuilder();
        for (String e : engines.stream().filter(n -> !Benchmark.DL4J_VARIANTS.containsKey(n)).toList()) {
            try {
                settings.append(String.format("%s: %s%n", e, Engines.get(e).threadSettings()));
            } catch (RuntimeException ex) {
                settings.append(String.format("%s: %s%n", e, ex));
            }
        }
        String table = header + threads + " threads, float32, CIFAR ResNet-18 on 3x32x32, >= " + seconds
                + " s per measurement\n" + Benchmark.table(all) + Benchmark.samCost(all)
                + "settings in force after the measurements:\n" + settings;
        if (!profile) {
            return table;
        }
        Map<Benchmark.Config, Double> torchStep = new HashMap<>();
        for (Benchmark.Measurement m : all) {
            if (m.engine().equals(PyTorchRunner.NAME) && m.problem() == null) {
                torchStep.put(m.config(), m.config().batch() / m.trainImgS());
            }
        }
        List<String> plain = engines.stream().filter(e -> !Benchmark.DL4J_VARIANTS.containsKey(e)).toList();
        return table + ProfileRun.run(plain, configs, threads, seconds, torchStep, torch == null ? null : python, err);
    }
}
