package io.sparkhpo.driver.bench;

import io.sparkhpo.driver.config.SweepConfig;
import io.sparkhpo.driver.config.SweepConfigLoader;
import io.sparkhpo.driver.sweep.SweepRunner;
import io.sparkhpo.driver.builtin.TrialFactory;
import io.sparkhpo.executors.data.DataCache;
import io.sparkhpo.executors.data.DataSpec;
import io.sparkhpo.executors.train.Engines;
import io.sparkhpo.executors.train.TrialRunner;
import io.sparkhpo.executors.train.TrialSpec;
import io.sparkhpo.search.study.Study;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench-cluster}'s ceiling: the sweep's trials trained by N plain JVMs side by side, without Spark, one core
 * each, taking trials from a shared queue as the sweep's executors do (each JVM claims the next trial by creating its
 * claim file). Every JVM loads the data and the engine first and starts training when all are ready, so only training
 * is timed. The wall time from the first trial's start to the last one's end, against one JVM's, is the speedup this
 * machine allows N trainings: the ceiling for the sweep's speedup on N workers.
 */
public final class PlainTrainings {

    private PlainTrainings() {
    }

    /** In a child JVM: {@code CONFIG DIR INDEX}. */
    public static void main(String[] args) throws Exception {
        SweepConfig cfg = SweepConfigLoader.load(Path.of(args[0]));
        Path dir = Path.of(args[1]);
        int index = Integer.parseInt(args[2]);
        DataSpec data = SweepRunner.resolveData(cfg, System.err);
        DataCache.get(data);
        Engines.get(cfg.training().engine()).warmUp();
        Study study = SweepRunner.newStudy(cfg); // the sweep's trials: a sampler that learns would differ, say so
        TrialFactory factory = new TrialFactory(cfg, data);
        List<TrialSpec> specs = new ArrayList<>();
        for (int i = 0; i < cfg.search().trials(); i++) {
            specs.add(factory.spec(study.ask()));
        }
        Files.createFile(dir.resolve("ready-" + index));
        while (!Files.exists(dir.resolve("go"))) {
            Thread.sleep(20);
        }
        long start = System.currentTimeMillis();
        int trained = 0;
        for (TrialSpec spec : specs) {
            try {
                Files.createFile(dir.resolve("claim-" + spec.number()));
            } catch (FileAlreadyExistsException taken) {
                continue;
            }
            TrialRunner.run(spec, 1);
            trained++;
        }
        Files.writeString(dir.resolve("result-" + index), start + " " + System.currentTimeMillis() + " " + trained);
    }

    /**
     * Runs {@code n} such JVMs on {@code config} and returns their wall time in seconds.
     *
     * @param jvmOptions the executors' JVM options (heap, native memory, --add-opens)
     */
    static double run(Path jar, Path config, int n, List<String> jvmOptions, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<Process> jvms = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
                cmd.addAll(jvmOptions);
                cmd.addAll(List.of("-cp", jar.toString(), PlainTrainings.class.getName(), config.toString(), dir.toString(),
                        String.valueOf(i)));
                File log = dir.resolve("plain-" + i + ".log").toFile();
                jvms.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start());
            }
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            for (int i = 0; i < n; i++) {
                while (!Files.exists(dir.resolve("ready-" + i))) {
                    if (!jvms.get(i).isAlive() || System.nanoTime() > deadline) {
                        throw new IOException("plain training JVM " + i + " did not get ready; see " + dir.resolve("plain-" + i + ".log"));
                    }
                    Thread.sleep(50);
                }
            }
            Files.createFile(dir.resolve("go"));
            long first = Long.MAX_VALUE;
            long last = 0;
            for (int i = 0; i < n; i++) {
                Process p = jvms.get(i);
                if (!p.waitFor(60, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    throw new IOException("plain training JVM " + i + " failed; see " + dir.resolve("plain-" + i + ".log"));
                }
                String[] r = Files.readString(dir.resolve("result-" + i)).trim().split(" ");
                first = Math.min(first, Long.parseLong(r[0]));
                last = Math.max(last, Long.parseLong(r[1]));
            }
            return (last - first) / 1000.0;
        } finally {
            jvms.forEach(Process::destroyForcibly);
        }
    }
}
