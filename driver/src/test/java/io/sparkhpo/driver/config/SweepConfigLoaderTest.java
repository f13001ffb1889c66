package io.sparkhpo.driver.config;

import io.sparkhpo.executors.optim.WeightDecayMode;
import io.sparkhpo.search.space.FloatDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepConfigLoaderTest {

    @TempDir
    Path dir;

    static final String VALID = """
            study { name = t1, output = out }
            data { name = fashion-mnist, train_size = 100, test_size = 50 }
            model { name = resnet18, width = 8 }
            training { epochs = 2, batch_size = 32, seed = 4 }
            optimizer { beta2 = 0.99 }
            search { sampler = random, trials = 5, parallelism = 2, seed = 9 }
            space {
              optimizer { type = categorical, values = [adam, adamw] }
              lr { type = float, low = 1e-4, high = 1e-1, log = true }
              weight_decay { type = float, low = 1e-5, high = 1e-2, log = true }
            }
            spark { ui.enabled = false }
            """;

    Path write(String text) throws IOException {
        Path f = dir.resolve("sweep.conf");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void readsAValidConfig() throws IOException {
        SweepConfig c = SweepConfigLoader.load(write(VALID));
        assertEquals("t1", c.study().name());
        assertEquals(Path.of("out").toAbsolutePath() + "/t1", c.study().directory());
        assertEquals(100, c.data().trainSize().getAsInt());
        assertEquals(4, c.data().subsetSeed(), "subset seed defaults to the training seed");
        assertEquals(8, c.model().width());
        assertEquals(2, c.training().epochs());
        assertEquals(5, c.search().trials());
        assertEquals(List.of("optimizer", "lr", "weight_decay"), c.space().names(), "file order");
        assertEquals(new FloatDistribution(1e-4, 1e-1, true), c.space().get("lr"));
        assertEquals(0.99, c.fixed().get("beta2"));
        assertEquals(32L, c.fixed().get("batch_size"));
        assertEquals(0.9, c.fixed().get("beta1"), "default");
        assertEquals("false", c.spark().get("spark.ui.enabled"));
    }

    @Test
    void gridTrialsDefaultToTheGridSize() throws IOException {
        SweepConfig c = SweepConfigLoader.load(write(VALID
                .replace("sampler = random, trials = 5", "sampler = grid")
                .replace("log = true }\n  weight_decay", "log = true, points = 4 }\n  weight_decay")
                .replace("high = 1e-2, log = true }", "high = 1e-2, log = true, points = 3 }")));
        assertEquals(2 * 4 * 3, c.search().trials());
    }

    @Test
    void decayModeFollowsTheOptimizerUnlessGiven() {
        assertEquals(WeightDecayMode.L2, Hyperparameter.decayMode("adam", java.util.Optional.empty()));
        assertEquals(WeightDecayMode.DECOUPLED_LR, Hyperparameter.decayMode("adamw", java.util.Optional.empty()));
        assertEquals(WeightDecayMode.DECOUPLED, Hyperparameter.decayMode("adamw", java.util.Optional.of("decoupled")));
    }

    /**
     * Each bad input fails at load time with a {@link ConfigError} naming the key, the offending value and the
     * file with its line. {@code replace} is applied to {@link #VALID}; {@code key} and {@code value} must appear.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown top-level section    | 'spark { ui.enabled = false }'     | 'sprak { ui.enabled = false }'          | sprak              | sprak",
            "unknown key in a section     | 'epochs = 2,'                        | 'epoch = 2, epochs = 2,'                 | training.epoch     | training.epoch",
            "zero epochs                  | 'epochs = 2,'                        | 'epochs = 0,'                            | training.epochs    | got 0",
            "fractional epochs            | 'epochs = 2,'                        | 'epochs = 2.5,'                          | training.epochs    | 2.5",
            "epochs as text               | 'epochs = 2,'                        | 'epochs = two,'                          | training.epochs    | two",
            "unknown data set             | 'name = fashion-mnist'               | 'name = mnist'                           | data.name          | mnist",
            "unknown model                | 'name = resnet18'                    | 'name = resnet50'                        | model.name         | resnet50",
            "zero width                   | 'width = 8'                          | 'width = 0'                              | model.width        | got 0",
            "unknown sampler              | 'sampler = random'                   | 'sampler = tpe'                          | search.sampler     | tpe",
            "negative parallelism         | 'parallelism = 2'                    | 'parallelism = -1'                       | search.parallelism | -1",
            "unknown hyperparameter       | 'lr { type'                          | 'learning_rate { type'                   | space.learning_rate| learning_rate",
            "log with zero low            | 'low = 1e-4, high = 1e-1'            | 'low = 0, high = 1e-1'                   | space.lr.low       | got 0",
            "low above high               | 'low = 1e-4, high = 1e-1'            | 'low = 1, high = 1e-1'                   | space.lr.low       | got 1",
            "negative lr bound            | 'low = 1e-4, high = 1e-1, log = true' | 'low = -1, high = 1e-1'                 | space.lr.low       | got -1",
            "unknown optimizer choice     | 'values = [adam, adamw]'             | 'values = [adam, lion]'                  | space.optimizer    | lion",
            "beta1 of one                 | 'beta2 = 0.99'                       | 'beta1 = 1.0'                            | optimizer.beta1    | got 1.0",
            "negative fixed eps           | 'beta2 = 0.99'                       | 'eps = -1e-8'                            | optimizer.eps      | -1.0E-8",
            "fixed and searched lr        | 'beta2 = 0.99'                       | 'lr = 0.01'                              | optimizer.lr       | both fixed",
            "points with random sampler   | 'high = 1e-1, log = true'            | 'high = 1e-1, log = true, points = 3'    | space.lr.points    | grid",
            "grid needs points            | 'sampler = random, trials = 5'       | 'sampler = grid'                         | space.lr           | points",
            "adam with decoupled decay    | 'beta2 = 0.99'                       | 'weight_decay_mode = decoupled'          | optimizer.weight_decay_mode | decoupled",
            "float type for a choice      | 'optimizer { type = categorical'     | 'optimizer { type = float'               | space.optimizer.type | float",
            "unknown key in a space entry | 'high = 1e-1, log = true }'          | 'high = 1e-1, log = true, logg = true }' | space.lr.logg      | logg",
            "study name with a slash      | 'name = t1'                          | 'name = \"a/b\"'                          | study.name         | a/b",
            "unknown engine               | 'seed = 4 }'                         | 'seed = 4, engine = torch }'             | training.engine    | torch",
            "syntax error                 | 'study {'                            | 'study {{'                               | ''                 | sweep.conf",
            "random without trials        | 'trials = 5, '                       | ''                                       | search.trials      | required",
    })
    void badInputNamesKeyAndValue(String kind, String from, String to, String key, String value) throws IOException {
        String text = VALID.replace(from, to);
        assertTrue(!text.equals(VALID), "the replacement for '" + kind + "' must change the config");
        Path f = write(text);
        ConfigError e = assertThrows(ConfigError.class, () -> SweepConfigLoader.load(f), kind);
        assertTrue(e.key().startsWith(key.trim()), kind + ": key " + e.key() + " should start with " + key);
        assertTrue(e.getMessage().contains(value.trim()), kind + ": message should contain " + value + ": " + e.getMessage());
        assertTrue(e.getMessage().startsWith(f.toString()), kind + ": message should name the file: " + e.getMessage());
    }

    @Test
    void errorsCarryTheLine() throws IOException {
        Path f = write(VALID.replace("width = 8", "width = -3"));
        ConfigError e = assertThrows(ConfigError.class, () -> SweepConfigLoader.load(f));
        assertTrue(e.getMessage().startsWith(f + ":3: "), e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        ConfigError e = assertThrows(ConfigError.class, () -> SweepConfigLoader.load(dir.resolve("nope.conf")));
        assertTrue(e.getMessage().contains("nope.conf"), e.getMessage());
    }

    @Test
    void gridTrialsCannotExceedTheGrid() throws IOException {
        Path f = write(VALID.replace("sampler = random, trials = 5", "sampler = grid, trials = 50")
                .replace("log = true }\n  weight_decay", "log = true, points = 2 }\n  weight_decay")
                .replace("high = 1e-2, log = true }", "high = 1e-2, log = true, points = 2 }"));
        ConfigError e = assertThrows(ConfigError.class, () -> SweepConfigLoader.load(f));
        assertEquals("search.trials", e.key());
        assertTrue(e.getMessage().contains("8 points, got 50"), e.getMessage());
    }
}
