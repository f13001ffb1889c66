package io.sparkhpo.driver.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the {@code sparkhpo} command in this JVM and keeps its exit code, stdout and stderr. */
public record CliRun(int exit, String out, String err) {

    public static CliRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream savedErr = System.err;
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        System.setErr(errStream); // a sweep's progress goes to System.err
        try {
            int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), errStream);
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(savedErr);
            System.err.print(err.toString(StandardCharsets.UTF_8));
        }
    }
}
