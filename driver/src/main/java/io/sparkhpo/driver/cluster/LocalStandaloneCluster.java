package io.sparkhpo.driver.cluster;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster on 127.0.0.1, for tests and the scaling benchmark, made from jars alone
 * (docs/architecture.md, "Dependencies and pins"): a {@code SPARK_HOME} whose {@code jars/} links the given jars (the test classpath's dependency
 * jars, or the embedded jar, which holds Spark), a master and workers in their own JVMs, and {@code SparkSubmit} as
 * spark-submit runs it.
 */
public final class LocalStandaloneCluster implements AutoCloseable {

    final Path dir;
    final Path sparkHome;
    final int port;
    final int uiPort;
    private final Process master;
    private final List<Process> workers = new ArrayList<>();
    private final List<Process> apps = new ArrayList<>();

    private final String javaOpts;

    private LocalStandaloneCluster(Path dir, Path sparkHome, int port, int uiPort, Process master, String javaOpts) {
        this.javaOpts = javaOpts;
        this.dir = dir;
        this.sparkHome = sparkHome;
        this.port = port;
        this.uiPort = uiPort;
        this.master = master;
    }

    /** The dependency jars of this JVM's classpath, except sparkhpo's own (tests: the cluster jar brings those). */
    public static List<Path> classpathJars() {
        List<Path> out = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (entry.endsWith(".jar") && !p.getFileName().toString().startsWith("sparkhpo-") && Files.exists(p)) {
                out.add(p.toAbsolutePath());
            }
        }
        return out;
    }

    /**
     * Starts a master and {@code workers} workers of {@code cores} cores each; returns once all registered.
     *
     * @param jars         what {@code SPARK_HOME/jars} holds: Spark and everything the executors need besides the app jar
     * @param javaOpts     JVM options for every process (Java 17's add-opens for Spark)
     * @param workerProps  extra worker properties (e.g. GPU resources), passed as a properties file; may be empty
     */
    public static LocalStandaloneCluster start(Path dir, List<Path> jars, String javaOpts, int workers, int cores, String memory,
                                               Map<String, String> workerProps) throws IOException, InterruptedException {
        Path home = dir.resolve("spark-home");
        Path jarDir = Files.createDirectories(home.resolve("jars"));
        for (Path p : jars) {
            Path link = jarDir.resolve(p.getFileName());
            if (!Files.exists(link)) {
                Files.createSymbolicLink(link, p.toAbsolutePath());
            }
        }
        Path props = dir.resolve("worker.properties");
        StringBuilder sb = new StringBuilder();
        workerProps.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        Files.writeString(props, sb.toString());
        int port = freePort();
        int ui = freePort();
        Process master = java(home, javaOpts, dir.resolve("master.log"), List.of(), "org.apache.spark.deploy.master.Master",
                "--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", String.valueOf(ui),
                "--properties-file", props.toString());
        LocalStandaloneCluster c = new LocalStandaloneCluster(dir, home, port, ui, master, javaOpts);
        try {
            for (int i = 0; i < workers; i++) {
                c.workers.add(java(home, javaOpts, dir.resolve("worker-" + i + ".log"), List.of(), "org.apache.spark.deploy.worker.Worker",
                        "--host", "127.0.0.1", "--cores", String.valueOf(cores), "--memory", memory,
                        "--webui-port", String.valueOf(freePort()), "--work-dir", Files.createDirectories(dir.resolve("work-" + i)).toString(),
                        "--properties-file", props.toString(), c.url()));
            }
            c.awaitWorkers(workers, 90);
        } catch (IOException | RuntimeException | InterruptedException e) {
            c.close();
            throw e;
        }
        return c;
    }

    public String url() {
        return "spark://127.0.0.1:" + port;
    }

    /** Runs {@code SparkSubmit} in client mode with the cluster jar; stdout and stderr go to {@code log}. */
    public Process submit(Path clusterJar, Map<String, String> conf, Path log, String... appArgs) throws IOException {
        List<String> args = new ArrayList<>(List.of("--master", url(), "--deploy-mode", "client", "--class",
                "io.sparkhpo.driver.cli.Main"));
        conf.forEach((k, v) -> {
            args.add("--conf");
            args.add(k + "=" + v);
        });
        args.add(clusterJar.toString());
        args.addAll(Arrays.asList(appArgs));
        Process p = java(sparkHome, javaOpts, log, List.of(), "org.apache.spark.deploy.SparkSubmit", args.toArray(String[]::new));
        apps.add(p);
        return p;
    }

    /** SIGKILLs worker {@code i} and the executors it launched, as when its machine dies. */
    public void killWorker(int i) throws InterruptedException {
        Process w = workers.get(i);
        w.descendants().forEach(ProcessHandle::destroyForcibly);
        w.destroyForcibly();
        w.waitFor(30, TimeUnit.SECONDS);
    }

    /** The executor JVMs (CoarseGrainedExecutorBackend) worker {@code i} runs now. */
    public List<ProcessHandle> executors(int i) {
        return workers.get(i).descendants().filter(h -> h.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend")).toList();
    }

    private void awaitWorkers(int n, int seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String last = "";
        while (System.nanoTime() < deadline) {
            if (!master.isAlive()) {
                throw new IOException("the Spark master exited; see " + dir.resolve("master.log"));
            }
            try {
                HttpURLConnection http = (HttpURLConnection) URI.create("http://127.0.0.1:" + uiPort + "/json/").toURL().openConnection();
                http.setConnectTimeout(1000);
                try (InputStream in = http.getInputStream()) {
                    last = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                if (last.contains("\"aliveworkers\" : " + n) || last.contains("\"aliveworkers\":" + n)) {
                    return;
                }
            } catch (IOException notYet) {
                // the master's UI is not up yet
            }
            Thread.sleep(500);
        }
        throw new IOException("only some of " + n + " workers registered in " + seconds + " s: " + last);
    }

    private static Process java(Path sparkHome, String javaOpts, Path log, List<String> jvmArgs, String mainClass, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Arrays.asList(javaOpts.trim().split("\\s+")));
        cmd.add("-Xmx1g");
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(sparkHome.resolve("jars") + File.separator + "*");
        cmd.add(mainClass);
        cmd.addAll(Arrays.asList(args));
        cmd.removeIf(String::isEmpty);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.12");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return pb.start();
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (Process p : apps) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process w : workers) {
            w.descendants().forEach(ProcessHandle::destroyForcibly);
            w.destroyForcibly();
        }
        master.destroyForcibly();
    }
}
