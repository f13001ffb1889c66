package io.sparkhpo.driver.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs a reference program (PyTorch, Optuna) and collects its output lines. */
final class Subprocess {

    private Subprocess() {
    }

    /**
     * @return stdout and stderr, merged, as lines
     * @throws IOException if it cannot start, exits non-zero or prints nothing; the message ends with its last lines
     */
    static List<String> run(List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        env.forEach((k, v) -> { // a null value removes the variable this process has
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        Process p = pb.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        }
        int code = p.waitFor();
        if (code != 0 || lines.isEmpty()) {
            throw new IOException(String.join(" ", cmd.subList(0, Math.min(3, cmd.size()))) + " exited " + code + ": "
                    + String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size())));
        }
        return lines;
    }
}
