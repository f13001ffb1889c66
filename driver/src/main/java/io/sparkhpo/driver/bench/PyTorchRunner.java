package io.sparkhpo.driver.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the PyTorch reference (resource {@code torch_resnet18.py}) with a Python that has torch. */
final class PyTorchRunner {

    static final String NAME = "pytorch";
    private static final Pattern NUMBER = Pattern.compile("\"(\\w+)\": ([0-9.eE+-]+)");

    private final String python;
    private final Path script;

    private PyTorchRunner(String python, Path script) {
        this.python = python;
        this.script = script;
    }

    /** @param python the interpreter; Debian's python3-torch installs torch for /usr/bin/python3 */
    static PyTorchRunner create(String python) throws IOException {
        Path script = Files.createTempFile("sparkhpo-torch-bench", ".py");
        script.toFile().deleteOnExit();
        try (InputStream in = PyTorchRunner.class.getResourceAsStream("/io/sparkhpo/driver/bench/torch_resnet18.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        return new PyTorchRunner(python, script);
    }

    /** The torch version, or the reason PyTorch cannot run. */
    String version() throws IOException, InterruptedException {
        List<String> out = exec(List.of(python, "-c", "import torch; print(torch.__version__)"), 1);
        return out.get(out.size() - 1);
    }

    Benchmark.Measurement measure(Benchmark.Config c, int threads, double seconds) {
        try {
            List<String> out = exec(List.of(python, script.toString(), String.valueOf(c.width()), String.valueOf(c.batch()),
                    String.valueOf(threads), String.valueOf(seconds)), threads);
            String json = out.stream().filter(l -> l.startsWith("{")).reduce((a, b) -> b)
                    .orElseThrow(() -> new IOException("no result line in " + out));
            double train = Double.NaN;
            double infer = Double.NaN;
            Matcher m = NUMBER.matcher(json);
            while (m.find()) {
                switch (m.group(1)) {
                    case "train_img_s" -> train = Double.parseDouble(m.group(2));
                    case "infer_img_s" -> infer = Double.parseDouble(m.group(2));
                    default -> {
                    }
                }
            }
            return new Benchmark.Measurement(NAME, c, train, infer, null);
        } catch (IOException e) {
            return Benchmark.Measurement.failed(NAME, c, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Benchmark.Measurement.failed(NAME, c, "interrupted");
        }
    }

    private List<String> exec(List<String> cmd, int threads) throws IOException, InterruptedException {
        return Subprocess.run(cmd, java.util.Map.of("OMP_NUM_THREADS", String.valueOf(threads),
                "MKL_NUM_THREADS", String.valueOf(threads)));
    }
}
