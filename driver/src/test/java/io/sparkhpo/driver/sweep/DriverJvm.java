package io.sparkhpo.driver.sweep;

import io.sparkhpo.driver.cli.Main;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code sparkhpo sweep --config CONF} in a driver JVM of its own (this one's classpath), for a test to SIGKILL. */
public final class DriverJvm {

    private DriverJvm() {
    }

    public static Process sweep(Path conf, Path log, String... extra) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(System.getProperty("sparkhpo.java.opens", "").trim().split("\\s+")));
        cmd.addAll(List.of("-Xmx2g", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "sweep", "--config", conf.toString()));
        cmd.addAll(List.of(extra));
        cmd.removeIf(String::isEmpty);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
