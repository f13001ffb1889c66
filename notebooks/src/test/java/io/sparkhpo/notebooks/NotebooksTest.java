package io.sparkhpo.notebooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkhpo.driver.cli.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The notebooks execute headless, as a user's Jupyter would run them: {@code jupyter nbconvert --execute} (Debian's
 * jupyter-nbconvert) with the Java kernel of this module, on a small study a real sweep makes here (Adam with L2 vs
 * decoupled weight decay on a 2 × 2 grid, Fashion-MNIST). Every cell runs without an error and the charts come out.
 */
class NotebooksTest {

    @TempDir
    static Path dir;
    static Path study;
    static Path jupyterPath;

    @BeforeAll
    static void makeAStudyAndAKernel() throws IOException {
        Path conf = dir.resolve("nb.conf");
        Files.writeString(conf, """
                study { name = nb, output = "%s" }
                spark { ui.enabled = false }
                data { name = fashion-mnist, train_size = 200, test_size = 100 }
                model { width = 2 }
                training { epochs = 2, batch_size = 50, seed = 1 }
                optimizer { name = adam }
                search { sampler = grid, parallelism = 2 }
                space {
                  weight_decay_mode { type = categorical, values = [l2, decoupled] }
                  lr { type = float, low = 0.002, high = 0.008, log = true, points = 2 }
                  weight_decay { type = float, low = 0.001, high = 0.004, log = true, points = 2 }
                }
                """.formatted(dir.resolve("runs")));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(new String[]{"sweep", "--config", conf.toString()}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err));
        assertEquals(0, exit, err.toString());
        study = dir.resolve("runs/nb");
        assertTrue(Files.isDirectory(study.resolve("separability")), "the sweep's analysis wrote the separability table");

        jupyterPath = dir.resolve("jupyter");
        Path spec = Files.createDirectories(jupyterPath.resolve("kernels/sparkhpo-java"));
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
        argv.addAll(List.of(System.getProperty("sparkhpo.java.opens", "").trim().split("\\s+")));
        argv.removeIf(String::isEmpty);
        argv.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.sparkhpo.notebooks.kernel.JavaKernel", "{connection_file}"));
        new ObjectMapper().writeValue(spec.resolve("kernel.json").toFile(),
                Map.of("argv", argv, "display_name", "Java (sparkhpo)", "language", "java"));
    }

    private static String jupyter() {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, "jupyter-nbconvert"))) {
                return Path.of(d, "jupyter-nbconvert").toString();
            }
        }
        throw new IllegalStateException("jupyter-nbconvert is needed to execute the notebooks: "
                + "apt-get install -y jupyter-nbconvert python3-nbclient (.ci/run does)");
    }

    @ParameterizedTest
    @CsvSource({"separability.ipynb, 3", "learning-curves.ipynb, 4"})
    void theNotebookRunsWithoutErrorsAndDrawsItsCharts(String notebook, int charts) throws Exception {
        Path source = Path.of(System.getProperty("sparkhpo.notebooks", "."), notebook);
        Path out = dir.resolve("executed-" + notebook);
        Path log = dir.resolve(notebook + ".log");
        ProcessBuilder pb = new ProcessBuilder(jupyter(), "--to", "notebook", "--execute",
                "--ExecutePreprocessor.timeout=600", "--output", out.toString(), source.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JUPYTER_PATH", jupyterPath.toString());
        pb.environment().put("JUPYTER_RUNTIME_DIR", Files.createDirectories(dir.resolve("runtime")).toString());
        pb.environment().put("SPARKHPO_STUDY", study.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(15, TimeUnit.MINUTES), "nbconvert finished");
        assertEquals(0, p.exitValue(), Files.readString(log));

        JsonNode nb = new ObjectMapper().readTree(out.toFile());
        int images = 0;
        int code = 0;
        for (JsonNode cell : nb.get("cells")) {
            if (!"code".equals(cell.get("cell_type").asText())) {
                continue;
            }
            code++;
            assertTrue(cell.get("execution_count").isInt(), "every code cell ran: " + cell.get("source"));
            for (JsonNode o : cell.get("outputs")) {
                assertTrue(!"error".equals(o.path("output_type").asText()), "no error output: " + o);
                if (o.path("data").has("image/png")) {
                    images++;
                }
            }
        }
        assertTrue(code >= 4, notebook + " has its code cells");
        assertTrue(images >= charts, notebook + ": " + images + " charts, expected at least " + charts);
    }
}
