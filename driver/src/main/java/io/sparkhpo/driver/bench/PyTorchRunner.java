package io.sparkhpo.driver.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the PyTorch references (resources {@code torch_resnet18.py}, the training and inference throughput, and
 * {@code torch_optimizer.py}, one optimizer update) with a Python that has torch.
 */
final class PyTorchRunner {

    static final String NAME = "pytorch";
    private static final Pattern NUMBER = Pattern.compile("\"(\\w+)\": ([0-9.eE+-]+)");

    private final String python;
    private final Path script;
    private final Map<String, String> environment;

    private PyTorchRunner(String python, Path script, Map<String, String> environment) {
        this.python = python;
        this.script = script;
        this.environment = environment;
    }

    /** The same runner with {@code variables} set in PyTorch's environment too (e.g. glibc's allocator settings). */
    PyTorchRunner withEnvironment(Map<String, String> variables) {
        Map<String, String> all = new java.util.LinkedHashMap<>(environment);
        all.putAll(variables);
        return new PyTorchRunner(python, script, all);
    }

    /** @param python the interpreter; Debian's python3-torch installs torch for /usr/bin/python3 */
    static PyTorchRunner create(String python) throws IOException {
        Path dir = Files.createTempDirectory("sparkhpo-torch-bench");
        dir.toFile().deleteOnExit();
        for (String name : List.of("torch_resnet18.py", "torch_optimizer.py")) {
            Path script = dir.resolve(name);
            try (InputStream in = PyTorchRunner.class.getResourceAsStream("/io/sparkhpo/driver/bench/" + name)) {
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
            script.toFile().deleteOnExit();
        }
        // PyTorch as its users run it: not under a cap on oneDNN's instruction sets this process may have been given
        // for libtorch (the same-setup reference gets it back through the engine's environment)
        Map<String, String> asUsersRunIt = new java.util.HashMap<>();
        asUsersRunIt.put("ONEDNN_MAX_CPU_ISA", null);
        return new PyTorchRunner(python, dir.resolve("torch_resnet18.py"), asUsersRunIt);
    }

    /** The torch version, or the reason PyTorch cannot run. */
    String version() throws IOException, InterruptedException {
        List<String> out = exec(List.of(python, "-c", "import torch; print(torch.__version__)"), 1);
        return out.get(out.size() - 1);
    }

    /**
     * @param sam    step with SAM(AdamW), ρ = 0.05, instead of AdamW (labelled {@code pytorch sam})
     * @param oneDnn whether PyTorch's CPU convolutions use oneDNN ({@code torch.backends.mkldnn.enabled}); empty:
     *               PyTorch's own choice
     */
    Benchmark.Measurement measure(Benchmark.Config c, int threads, double seconds, boolean sam,
                                  java.util.Optional<Boolean> oneDnn) {
        String name = sam ? NAME + Benchmark.SAM_SUFFIX : NAME;
        try {
            Map<String, Double> out = result(exec(List.of(python, script.toString(), String.valueOf(c.width()),
                    String.valueOf(c.batch()), String.valueOf(threads), String.valueOf(seconds), sam ? "sam" : "adamw",
                    oneDnn.map(on -> on ? "on" : "off").orElse("default")), threads));
            return new Benchmark.Measurement(name, c, out.getOrDefault("train_img_s", Double.NaN),
                    out.getOrDefault("infer_img_s", Double.NaN), null);
        } catch (IOException e) {
            return Benchmark.Measurement.failed(name, c, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Benchmark.Measurement.failed(name, c, "interrupted");
        }
    }

    /** One torch.optim.AdamW step at {@code width}: {@code single_s} and {@code foreach_s}, median seconds. */
    Map<String, Double> optimizer(int width, int threads, int repeats) throws IOException, InterruptedException {
        return result(exec(List.of(python, script.resolveSibling("torch_optimizer.py").toString(), String.valueOf(width),
                String.valueOf(threads), String.valueOf(repeats)), threads));
    }

    /** The numbers of a script's last JSON line. */
    static Map<String, Double> result(List<String> out) throws IOException {
        String json = out.stream().filter(l -> l.startsWith("{")).reduce((a, b) -> b)
                .orElseThrow(() -> new IOException("no result line in " + out));
        Map<String, Double> values = new java.util.LinkedHashMap<>();
        Matcher m = NUMBER.matcher(json);
        while (m.find()) {
            values.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return values;
    }

    private List<String> exec(List<String> cmd, int threads) throws IOException, InterruptedException {
        Map<String, String> env = new java.util.LinkedHashMap<>(environment);
        env.put("OMP_NUM_THREADS", String.valueOf(threads));
        env.put("MKL_NUM_THREADS", String.valueOf(threads));
        return Subprocess.run(cmd, env);
    }
}
