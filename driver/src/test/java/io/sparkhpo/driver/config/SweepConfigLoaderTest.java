package io.sparkhpo.driver.config;

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
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        assertEquals(java.util.Map.of("width", 8L), c.model().settings());
        assertEquals(2, c.training().epochs());
        assertEquals(5, c.search().trials());
        assertEquals(List.of("optimizer", "lr", "weight_decay"), c.space().names(), "file order");
        assertEquals(new FloatDistribution(1e-4, 1e-1, true), c.space().get("lr"));
        assertEquals(0.99, c.fixed().get("beta2"));
        assertEquals(32L, c.fixed().get("batch_size"));
        assertTrue(!c.fixed().containsKey("beta1"), "defaults depend on the optimizer and are left to it");
        assertEquals("constant", c.schedule().name());
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
    void readsScheduleTrainingOptionsAndEveryOptimizerKey() throws IOException {
        SweepConfig c = SweepConfigLoader.load(write(VALID
                .replace("optimizer { beta2 = 0.99 }", "optimizer { momentum = 0.9, nesterov = true, nu1 = 0.7 }")
                .replace("values = [adam, adamw]", "values = [sgd, qhadamw]")
                .replace("training { epochs = 2, batch_size = 32, seed = 4 }", """
                        training {
                          epochs = 6, batch_size = 32, seed = 4, clip_grad_norm = 1.0
                          lr_scaling = linear, base_batch_size = 256
                          swa { start_epoch = 4 }
                        }
                        schedule {
                          name = cosine_restarts, t_0 = 2, t_mult = 2, step_per = iteration
                          warmup { length = 1, start_factor = 0.01 }
                        }""")));
        assertEquals("cosine_restarts", c.schedule().name());
        assertEquals(io.sparkhpo.executors.schedule.Unit.ITERATION, c.schedule().unit());
        assertEquals(2.0, c.schedule().params().get("t_0"));
        assertEquals(java.util.Map.of("length", 1.0, "start_factor", 0.01), c.schedule().params().get("warmup"));
        assertTrue(c.training().linearScaling());
        assertEquals(256, c.training().baseBatchSize().getAsInt());
        assertEquals(4, c.training().swa().orElseThrow().startEpoch());
        assertEquals(1.0, c.fixed().get("clip_grad_norm"));
        assertEquals(true, c.fixed().get("nesterov"));
    }

    @Test
    void sequentialSchedulesReadTheirParts() throws IOException {
        SweepConfig c = SweepConfigLoader.load(write(VALID + """
                schedule {
                  name = sequential, milestones = [3]
                  schedules = [ { name = linear, start_factor = 0.1, total_iters = 3 }, { name = exponential, gamma = 0.9 } ]
                }
                """));
        assertEquals(2, c.schedule().parts().size());
        assertEquals("exponential", c.schedule().parts().get(1).name());
        assertEquals(c.schedule().unit(), c.schedule().parts().get(0).unit());
    }

    @Test
    void readsEveryRegisteredModelsKeysWithTheirDefaults() throws IOException {
        SweepConfig wrn = SweepConfigLoader.load(write(VALID.replace("name = resnet18, width = 8", "name = wrn, depth = 10")));
        assertEquals("wrn", wrn.model().name());
        assertEquals(java.util.Map.of("depth", 10L, "widen", 4L), wrn.model().settings());
        SweepConfig mlp = SweepConfigLoader.load(write(VALID.replace("name = resnet18, width = 8", "name = mlp, hidden = [64, 32]")));
        assertEquals(java.util.List.of(64L, 32L), new io.sparkhpo.executors.model.ModelSpec("mlp", mlp.model().settings())
                .settings().get("hidden"));
        assertEquals(java.util.Map.of("shortcut", "A"),
                SweepConfigLoader.load(write(VALID.replace("name = resnet18, width = 8", "name = resnet20"))).model().settings());
    }

    /** data.augment defaults to the data set's: off for digits (a flip changes them), on for the others; the key overrides. */
    @Test
    void augmentationDefaultsToTheDataSets() throws IOException {
        assertTrue(SweepConfigLoader.load(write(VALID)).data().augment(), "fashion-mnist");
        assertFalse(SweepConfigLoader.load(write(VALID.replace("name = fashion-mnist,", "name = mnist,"))).data().augment());
        assertFalse(SweepConfigLoader.load(write(VALID.replace("name = fashion-mnist,", "name = svhn,"))).data().augment());
        assertTrue(SweepConfigLoader.load(write(VALID.replace("name = fashion-mnist,", "name = mnist, augment = true,")))
                .data().augment());
        assertFalse(SweepConfigLoader.load(write(VALID.replace("name = fashion-mnist,", "name = cifar10, augment = false,")))
                .data().augment());
        assertFalse(SweepConfigLoader.load(write(VALID.replace("name = fashion-mnist,", "name = parquet, feature_column = x,")))
                .data().augment(), "feature vectors are not augmented");
        ConfigError e = org.junit.jupiter.api.Assertions.assertThrows(ConfigError.class, () -> SweepConfigLoader.load(write(
                VALID.replace("name = fashion-mnist,", "name = parquet, feature_column = x, augment = true,"))));
        assertTrue(e.getMessage().contains("data.augment") && e.getMessage().contains("feature_column"), e.getMessage());
    }

    @Test
    void readsPbtSettings() throws IOException {
        SweepConfig c = SweepConfigLoader.load(write(VALID.replace("epochs = 2,", "epochs = 6,").replace(
                "sampler = random, trials = 5, parallelism = 2, seed = 9 }", "sampler = random, seed = 9, strategy = pbt, "
                        + "pbt { population = 6, perturbation_interval = 2, mutations = [lr, weight_decay], "
                        + "perturbation_factors = [0.5, 2], synchronous = true, explore = pb2 } }")));
        io.sparkhpo.search.pbt.Pbt.Settings p = c.search().pbt().orElseThrow();
        assertEquals(6, p.population());
        assertEquals(6, c.search().trials(), "the members are the trials");
        assertEquals(2, c.search().segmentEpochs(), "a segment per interval");
        assertEquals(java.util.List.of(0.5, 2.0), p.factors());
        assertEquals(java.util.List.of("lr", "weight_decay"), p.mutations());
        assertEquals(0.25, p.quantileFraction());
        assertTrue(p.synchronous() && p.exploit() && p.pb2());
        assertTrue(SweepConfigLoader.load(write(VALID)).search().pbt().isEmpty());
    }

    /**
     * Each bad input fails at load time with a {@link ConfigError} naming the key, the offending value and the
     * file with its line. {@code replace} is applied to {@link #VALID}; {@code key} and {@code value} must appear.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "pbt population of 1          | 'sampler = random, trials = 5, parallelism = 2, seed = 9 }' | 'sampler = random, parallelism = 2, seed = 9, strategy = pbt, pbt { population = 1, perturbation_interval = 1, mutations = [lr] } }' | search.pbt.population | got 1",
            "pbt interval of 0            | 'sampler = random, trials = 5, parallelism = 2, seed = 9 }' | 'sampler = random, parallelism = 2, seed = 9, strategy = pbt, pbt { population = 4, perturbation_interval = 0, mutations = [lr] } }' | search.pbt.perturbation_interval | got 0",
            "pbt interval past epochs     | 'sampler = random, trials = 5, parallelism = 2, seed = 9 }' | 'sampler = random, parallelism = 2, seed = 9, strategy = pbt, pbt { population = 4, perturbation_interval = 2, mutations = [lr] } }' | search.pbt.perturbation_interval | got 2",
            "pbt unknown mutation         | 'sampler = random, trials = 5, parallelism = 2, seed = 9 }' | 'sampler = random, parallelism = 2, seed = 9, strategy = pbt, pbt { population = 4, perturbation_interval = 1, mutations = [momentum] } }' | search.pbt.mutations | momentum",
            "pbt categorical mutation     | 'sampler = random, trials = 5, parallelism = 2, seed = 9 }' | 'sampler = random, parallelism = 2, seed = 9, strategy = pbt, pbt { population = 4, perturbation_interval = 1, mutations = [optimizer] } }' | search.pbt.mutations | categorical",
            "pbt with a pruner            | 'sampler = random, trials = 5, parallelism = 2, seed = 9 }' | 'sampler = random, parallelism = 2, seed = 9, strategy = pbt, pruner { name = median }, pbt { population = 4, perturbation_interval = 1, mutations = [lr] } }' | search.pruner | PBT",
            "pbt with bohb                | 'sampler = random, trials = 5, parallelism = 2, seed = 9 }' | 'sampler = bohb, parallelism = 2, seed = 9, strategy = pbt, pbt { population = 4, perturbation_interval = 1, mutations = [lr] } }' | search.sampler | models budgets",
            "pbt with trials              | 'sampler = random, trials = 5, parallelism = 2, seed = 9 }' | 'sampler = random, trials = 5, parallelism = 2, seed = 9, strategy = pbt, pbt { population = 4, perturbation_interval = 1, mutations = [lr] } }' | search.trials | population",
            "pbt zero factor              | 'sampler = random, trials = 5, parallelism = 2, seed = 9 }' | 'sampler = random, parallelism = 2, seed = 9, strategy = pbt, pbt { population = 4, perturbation_interval = 1, mutations = [lr], perturbation_factors = [0, 1.2] } }' | search.pbt.perturbation_factors | 0",
            "pbt section without strategy | 'sampler = random, trials = 5, parallelism = 2, seed = 9 }' | 'sampler = random, trials = 5, parallelism = 2, seed = 9, pbt { population = 4 } }' | search.pbt | strategy",
            "unknown strategy             | 'sampler = random, trials = 5, parallelism = 2, seed = 9 }' | 'sampler = random, trials = 5, parallelism = 2, seed = 9, strategy = evolve }' | search.strategy | evolve",
            "unknown top-level section    | 'spark { ui.enabled = false }'     | 'sprak { ui.enabled = false }'          | sprak              | sprak",
            "unknown key in a section     | 'epochs = 2,'                        | 'epoch = 2, epochs = 2,'                 | training.epoch     | training.epoch",
            "zero epochs                  | 'epochs = 2,'                        | 'epochs = 0,'                            | training.epochs    | got 0",
            "fractional epochs            | 'epochs = 2,'                        | 'epochs = 2.5,'                          | training.epochs    | 2.5",
            "epochs as text               | 'epochs = 2,'                        | 'epochs = two,'                          | training.epochs    | two",
            "unknown data set             | 'name = fashion-mnist'               | 'name = imagenet'                        | data.name          | imagenet",
            "unknown model                | 'name = resnet18'                    | 'name = resnet50'                        | model.name         | resnet50",
            "zero width                   | 'width = 8'                          | 'width = 0'                              | model.width        | got 0",
            "another model's key          | 'name = resnet18, width = 8'         | 'name = resnet20, width = 8'             | model.width        | model.width is a key of model.name = resnet18, got model resnet20 (which takes [shortcut])",
            "bad shortcut                 | 'name = resnet18, width = 8'         | 'name = resnet56, shortcut = C'          | model.shortcut     | one of [A, B]",
            "another data set's key       | 'name = fashion-mnist,'               | 'name = fashion-mnist, labels = coarse,'  | data.labels        | data.labels is a key of data.name = cifar100, got data fashion-mnist (which takes no keys of its own)",
            "bad cifar100 labels          | 'name = fashion-mnist,'               | 'name = cifar100, labels = medium,'      | data.labels        | one of [fine, coarse]",
            "bad image size               | 'name = fashion-mnist,'               | 'name = image-folder, image_size = 0,'   | data.image_size    | got 0",
            "torchscript with dl4j        | 'name = resnet18, width = 8'         | 'name = torchscript, file = \"pom.xml\"' | model.name         | training.engine = djl",
            "bad hidden sizes             | 'name = resnet18, width = 8'         | 'name = mlp, hidden = [64, 0.5]'         | model.hidden       | 0.5",
            "unknown sampler              | 'sampler = random'                   | 'sampler = smac'                         | search.sampler     | smac",
            "largest budget, no pruner    | 'sampler = random, trials = 5, parallelism = 2, seed = 9 }' | 'sampler = tpe, trials = 5, parallelism = 2, seed = 9, largest_budget = true }' | search.largest_budget | needs a search.pruner",
            "largest budget on random     | 'seed = 9 }'                         | 'seed = 9, largest_budget = true }'      | search.largest_budget | search.sampler = tpe or gp",
            "objectives with gp           | 'sampler = random'                   | 'sampler = gp, objectives = [final_test_error, wall_seconds]' | search.objectives | search.sampler = gp models one objective",
            "objectives with a pruner     | 'seed = 9 }'                         | 'seed = 9, objectives = [final_test_error, wall_seconds], pruner { name = median } }' | search.pruner | cannot be pruned",
            "unknown objective column     | 'seed = 9 }'                         | 'seed = 9, objectives = [final_test_error, test_eror] }' | search.objectives | \"test_eror\"",
            "objective twice              | 'seed = 9 }'                         | 'seed = 9, objectives = [wall_seconds, wall_seconds] }' | search.objectives | twice",
            "one objective in the list    | 'seed = 9 }'                         | 'seed = 9, objectives = [wall_seconds] }' | search.objectives | search.objective = NAME",
            "objective and objectives     | 'seed = 9 }'                         | 'seed = 9, objective = best_test_error, objectives = [final_test_error, wall_seconds] }' | search.objectives | give one of them",
            "directions alone             | 'seed = 9 }'                         | 'seed = 9, directions = [minimize] }'    | search.directions  | goes with search.objectives",
            "directions count             | 'seed = 9 }'                         | 'seed = 9, objectives = [final_test_error, wall_seconds], directions = [minimize] }' | search.directions | got 1",
            "unknown direction            | 'seed = 9 }'                         | 'seed = 9, objectives = [final_test_error, wall_seconds], directions = [minimize, lower] }' | search.directions | \"lower\"",
            "swa in the objectives       | 'seed = 9 }'                         | 'seed = 9, objectives = [swa_test_error, wall_seconds] }' | search.objectives | needs training.swa",
            "warm start folder twice      | 'seed = 9 }'                         | 'seed = 9, warm_start = [a, a] }'        | search.warm_start  | \"a\"",
            "TPE setting on random        | 'seed = 9 }'                         | 'seed = 9, multivariate = true }'        | search.multivariate| search.sampler = tpe",
            "unknown pruner               | 'seed = 9 }'                         | 'seed = 9, pruner { name = bohb } }'     | search.pruner.name | bohb",
            "pruner key of another pruner | 'seed = 9 }'                         | 'seed = 9, pruner { name = asha, percentile = 25 } }' | search.pruner.percentile | percentile",
            "reduction factor 1           | 'seed = 9 }'                         | 'seed = 9, pruner { name = asha, reduction_factor = 1 } }' | search.pruner.reduction_factor | got 1",
            "checkpoints of no epochs     | 'seed = 9 }'                         | 'seed = 9, checkpoint_epochs = 0 }' | search.checkpoint_epochs | integer >= 1, got 0",
            "condition on unknown param   | 'log = true }\n  weight_decay'       | 'log = true, when { optimiser = adam } }\n  weight_decay' | space.lr.when.optimiser | optimiser",
            "condition on a later param   | 'values = [adam, adamw] }'           | 'values = [adam, adamw], when { lr = 0.01 } }' | space.optimizer.when | defined before",
            "condition value never taken  | 'log = true }\n  weight_decay'       | 'log = true, when { optimizer = sgd } }\n  weight_decay' | space.lr.when | sgd",
            "negative parallelism         | 'parallelism = 2'                    | 'parallelism = -1'                       | search.parallelism | -1",
            "unknown resume mode          | 'seed = 9 }'                         | 'seed = 9, resume = sometimes }'         | search.resume      | sometimes",
            "negative retries             | 'seed = 9 }'                         | 'seed = 9, max_trial_retries = -1 }'     | search.max_trial_retries | -1",
            "Spark's retries set directly | 'ui.enabled = false }'               | 'ui.enabled = false, task.maxFailures = 4 }' | spark.task       | max_trial_retries",
            "unknown hyperparameter       | 'lr { type'                          | 'learning_rate { type'                   | space.learning_rate| learning_rate",
            "log with zero low            | 'low = 1e-4, high = 1e-1'            | 'low = 0, high = 1e-1'                   | space.lr.low       | got 0",
            "low above high               | 'low = 1e-4, high = 1e-1'            | 'low = 1, high = 1e-1'                   | space.lr.low       | got 1",
            "negative lr bound            | 'low = 1e-4, high = 1e-1, log = true' | 'low = -1, high = 1e-1'                 | space.lr.low       | got -1",
            "unknown optimizer choice     | 'values = [adam, adamw]'             | 'values = [adam, lion]'                  | space.optimizer    | lion",
            "beta1 of one                 | 'beta2 = 0.99'                       | 'beta1 = 1.0'                            | optimizer.beta1    | got 1.0",
            "negative fixed eps           | 'beta2 = 0.99'                       | 'eps = -1e-8'                            | optimizer.eps      | -1.0E-8",
            "beta2 of one in the space    | 'beta2 = 0.99'                       | 'beta1 = 0.9 }\\nspace { beta2 { type = float, low = 0.9, high = 1.0 }' | space.beta2.high | got 1.0",
            "nu outside [0, 1]            | 'values = [adam, adamw]'             | 'values = [qhadam]'                      | optimizer.nu1      | 1.5",
            "negative categorical value   | 'values = [adam, adamw]'             | 'values = [adam, adamw] }\\n  momentum_decay { type = categorical, values = [-0.1]'| space.momentum_decay | -0.1",
            "T_0 below one                | 'spark { ui.enabled = false }'       | 'schedule { name = cosine_restarts, t_0 = 0 }' | schedule.t_0  | got 0.0",
            "unknown schedule             | 'spark { ui.enabled = false }'       | 'schedule { name = cosinus }'            | schedule.name      | cosinus",
            "bad lambda expression        | 'spark { ui.enabled = false }'       | 'schedule { name = lambda, factor = \"0.9 ** t\" }' | schedule.factor | 0.9 ** t",
            "unknown schedule key         | 'spark { ui.enabled = false }'       | 'schedule { name = cosine, tmax = 3 }'   | schedule.tmax      | tmax",
            "step_per typo                | 'spark { ui.enabled = false }'       | 'schedule { name = cosine, step_per = batch }' | schedule.step_per | batch",
            "key no optimizer takes       | 'beta2 = 0.99'                       | 'momentum = 0.9'                         | optimizer.momentum | sgd",
            "swa past the last epoch      | 'seed = 4 }'                         | 'seed = 4, swa { start_epoch = 2 } }'    | training.swa.start_epoch | got 2",
            "linear scaling without base  | 'seed = 4 }'                         | 'seed = 4, lr_scaling = linear }'        | training.lr_scaling | base_batch_size",
            "negative clip bound          | 'seed = 4 }'                         | 'seed = 4, clip_grad_norm = -1 }'        | training.clip_grad_norm | -1.0",
            "swa objective without swa    | 'seed = 9 }'                         | 'seed = 9, objective = swa_test_error }' | search.objective   | swa",
            "fixed and searched lr        | 'beta2 = 0.99'                       | 'lr = 0.01'                              | optimizer.lr       | both fixed",
            "points with random sampler   | 'high = 1e-1, log = true'            | 'high = 1e-1, log = true, points = 3'    | space.lr.points    | grid",
            "grid needs points            | 'sampler = random, trials = 5'       | 'sampler = grid'                         | space.lr           | points",
            "float type for a choice      | 'optimizer { type = categorical'     | 'optimizer { type = float'               | space.optimizer.type | float",
            "unknown key in a space entry | 'high = 1e-1, log = true }'          | 'high = 1e-1, log = true, logg = true }' | space.lr.logg      | logg",
            "study name with a slash      | 'name = t1'                          | 'name = \"a/b\"'                          | study.name         | a/b",
            "unknown engine               | 'seed = 4 }'                         | 'seed = 4, engine = torch }'             | training.engine    | torch",
            "syntax error                 | 'study {'                            | 'study {{'                               | ''                 | sweep.conf",
            "random without trials        | 'trials = 5, '                       | ''                                       | search.trials      | required",
    })
    void badInputNamesKeyAndValue(String kind, String from, String to, String key, String value) throws IOException {
        String text = VALID.replace(from, to.replace("\\n", "\n"));
        if (kind.startsWith("nu outside")) {
            text = text.replace("optimizer { beta2 = 0.99 }", "optimizer { nu1 = 1.5 }");
        }
        assertTrue(!text.equals(VALID), "the replacement for '" + kind + "' must change the config");
        Path f = write(text);
        ConfigError e = assertThrows(ConfigError.class, () -> SweepConfigLoader.load(f), kind);
        assertTrue(e.key().startsWith(key.trim()), kind + ": key " + e.key() + " should start with " + key);
        assertTrue(e.getMessage().contains(value.trim()), kind + ": message should contain " + value + ": " + e.getMessage());
        assertTrue(e.getMessage().startsWith(f.toString()), kind + ": message should name the file: " + e.getMessage());
    }

    /** A base where only the optimizer is searched, so lr and weight decay can be fixed. */
    static final String FIXED = """
            study { name = t2 }
            data { name = fashion-mnist }
            training { epochs = 2 }
            search { sampler = grid }
            """;

    @Test
    void fixedOptimizerValuesAreChecked() throws IOException {
        assertKey(FIXED + "optimizer { lr = -0.1 }\nspace { optimizer { type = categorical, values = [adam] } }",
                "optimizer.lr", "got -0.1");
        assertKey(FIXED + "space { optimizer { type = categorical, values = [adam, sgd] } }", "optimizer", "optimizer.lr is "
                + "required for sgd");
        assertKey(FIXED + "optimizer { weight_decay_norm = 0.05 }\nspace { optimizer { type = categorical, values = [adam, adamw] } }",
                "optimizer.weight_decay_norm", "would apply it as l2");
        assertKey(FIXED + "optimizer { name = lion }", "optimizer.name", "lion");
        assertKey(FIXED + "optimizer { weight_decay_norm = 0.05, weight_decay = 0.1, name = adamw }", "optimizer.weight_decay_norm",
                "replaces weight_decay");
        assertKey(FIXED + "optimizer { name = sgd, lr = 0.1, nesterov = true }", "optimizer", "nesterov needs momentum > 0");
        assertKey(FIXED + "optimizer { name = adamw, weight_decay_mode = l2 }", "optimizer.weight_decay_mode",
                "use optimizer = adam");
        // valid: normalized decay with a decoupled optimizer, SGD with an lr, Nesterov with momentum
        SweepConfigLoader.load(write(FIXED + "optimizer { weight_decay_norm = 0.05, name = sgdw, lr = 0.1, momentum = 0.9, "
                + "nesterov = true }"));
    }

    /** {@code optimizer = sam} takes a base with the base's own keys and defaults, and ρ searchable; its keys need it. */
    @Test
    void samWrapsABaseOptimizer() throws IOException {
        SweepConfig c = SweepConfigLoader.load(write(FIXED + "optimizer { name = sam, base = sgdw, lr = 0.1, momentum = 0.9, "
                + "adaptive = true }\nspace { rho { type = float, low = 0.05, high = 2, log = true, points = 3 } }"));
        java.util.Map<String, Object> p = new java.util.HashMap<>(c.fixed());
        p.put("rho", 0.5);
        io.sparkhpo.executors.optim.SamSpec sam = (io.sparkhpo.executors.optim.SamSpec) TrialParameters.optimizer(p, 0.1);
        assertEquals("ASAM(SGDW)", sam.label());
        assertEquals(0.5, sam.rho());
        assertEquals(0.9, sam.base().hyperparameters().get("momentum"));
        assertEquals(io.sparkhpo.executors.optim.WeightDecayMode.DECOUPLED_LR, sam.weightDecay().mode(), "sgdw's convention");
        p.remove("rho");
        assertEquals(io.sparkhpo.executors.optim.SamSpec.DEFAULT_ASAM_RHO,
                ((io.sparkhpo.executors.optim.SamSpec) TrialParameters.optimizer(p, 0.1)).rho(), "ASAM's default ρ");
        assertKey(FIXED + "optimizer { name = sam }", "optimizer", "needs optimizer.base");
        assertKey(FIXED + "optimizer { name = sam, base = sam }", "optimizer.base", "must be one of");
        assertKey(FIXED + "optimizer { name = sam, base = adam, rho = -1 }", "optimizer.rho", "got -1");
        assertKey(FIXED + "optimizer { name = adam, rho = 0.1 }", "optimizer.rho", "for optimizer = sam");
        assertKey(FIXED + "optimizer { name = sam, base = sgd }", "optimizer", "optimizer.lr is required for sgd");
        assertKey(FIXED + "optimizer { name = sam, base = adam, momentum = 0.9 }", "optimizer.momentum", "not by the sweep's "
                + "optimizers [adam]");
        assertKey(FIXED + "optimizer { name = sam, base = adamw, weight_decay_mode = l2 }", "optimizer.weight_decay_mode",
                "use optimizer = adam");
    }

    /**
     * Raw λ for L2 and λ_norm for decoupled decay in one sweep (conf/adamw-paper.conf): allowed when each is searched
     * under its own weight_decay_mode values; overlapping modes, or λ_norm where a mode is l2, are refused.
     */
    @Test
    void rawAndNormalizedDecayMayShareASweepUnderSeparateModes() throws IOException {
        String space = """
                optimizer { name = adam }
                space {
                  weight_decay_mode { type = categorical, values = [l2, decoupled] }
                  lr { type = float, low = 0.001, high = 0.004, log = true, points = 2 }
                  weight_decay { type = float, low = 0.0001, high = 0.001, log = true, points = 2, when { weight_decay_mode = WD_MODES } }
                  weight_decay_norm { type = float, low = 0.01, high = 0.1, log = true, points = 2, when { weight_decay_mode = NORM_MODES } }
                }
                """;
        SweepConfig ok = SweepConfigLoader.load(write(FIXED + space.replace("WD_MODES", "l2").replace("NORM_MODES", "decoupled")));
        assertEquals(8, ok.search().trials(), "2 modes x 2 lr x the 2 values of each mode's own decay");
        assertKey(FIXED + space.replace("WD_MODES", "[l2, decoupled]").replace("NORM_MODES", "decoupled"),
                "space.weight_decay_norm", "no mode in common");
        assertKey(FIXED + space.replace("WD_MODES", "decoupled").replace("NORM_MODES", "l2"),
                "space.weight_decay_norm", "would apply it as l2");
    }

    private void assertKey(String text, String key, String fragment) throws IOException {
        Path f = write(text);
        ConfigError e = assertThrows(ConfigError.class, () -> SweepConfigLoader.load(f));
        assertTrue(e.key().startsWith(key), "key " + e.key() + " should start with " + key + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    /** Environment substitutions give strings; numeric ones are read as numbers, others still fail. */
    @Test
    void numbersFromTheEnvironmentAreNumbers() throws IOException {
        SweepConfig c = SweepConfigLoader.load(write(VALID.replace("seed = 4 }", "seed = \"17\" }")));
        assertEquals(17, c.training().seed());
        Path bad = write(VALID.replace("seed = 4 }", "seed = \"17x\" }"));
        assertTrue(assertThrows(ConfigError.class, () -> SweepConfigLoader.load(bad)).getMessage().contains("17x"));
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

    /** TPE with its settings, and a conditional parameter that exists only for one optimizer. */
    @Test
    void tpeAndConditionalParameters() throws IOException {
        SweepConfig c = SweepConfigLoader.load(write(VALID.replace("sampler = random", "sampler = tpe, startup_trials = 3, multivariate = true")
                .replace("values = [adam, adamw] }", "values = [adam, adamw, sgd] }")
                .replace("  lr {", "  momentum { type = float, low = 0.5, high = 0.95, step = 0.05, when { optimizer = sgd } }\n  lr {")));
        assertEquals("tpe", c.search().sampler());
        assertEquals(java.util.Map.of("startup_trials", 3L, "multivariate", true, "constant_liar", true, "largest_budget", false),
                c.search().samplerSettings(), "parallel sweeps lie by default");
        io.sparkhpo.search.sampler.TpeSampler tpe = (io.sparkhpo.search.sampler.TpeSampler) io.sparkhpo.search.sampler.Samplers
                .get("tpe").create(new io.sparkhpo.search.sampler.Samplers.Context(1, c.space(), c.grid(), c.search().samplerSettings()));
        assertEquals(3, tpe.options().startupTrials());
        assertTrue(tpe.options().multivariate());
        assertTrue(tpe.options().constantLiar());
        assertEquals(io.sparkhpo.search.space.Condition.of("optimizer", "sgd"), c.space().conditions().get("momentum"));
        assertEquals(0.05, ((io.sparkhpo.search.space.FloatDistribution) c.space().get("momentum")).step());
    }

    /** Pruners from the config, and the segments they imply. */
    @Test
    void prunersAndCheckpointSegments() throws IOException {
        SweepConfig asha = SweepConfigLoader.load(write(VALID.replace("seed = 9 }", "seed = 9, pruner { name = asha, min_resource = 2, reduction_factor = 3 } }")));
        assertEquals(new io.sparkhpo.search.pruner.SuccessiveHalvingPruner(2, 3, 0), asha.search().pruner());
        assertEquals(0, asha.search().segmentEpochs(), "a pruner judges every epoch without checkpoints");
        SweepConfig hb = SweepConfigLoader.load(write(VALID.replace("seed = 9 }", "seed = 9, pruner { name = hyperband } }")));
        assertEquals(new io.sparkhpo.search.pruner.HyperbandPruner(1, 2, 3), hb.search().pruner(), "max resource = training.epochs");
        SweepConfig median = SweepConfigLoader.load(write(VALID.replace("seed = 9 }", "seed = 9, pruner { name = median, warmup_epochs = 1 } }")));
        assertEquals(new io.sparkhpo.search.pruner.PercentilePruner(50, 5, 1, 1, 1), median.search().pruner());
        SweepConfig bohb = SweepConfigLoader.load(write(VALID.replace("sampler = random", "sampler = bohb")));
        assertEquals(new io.sparkhpo.search.pruner.HyperbandPruner(1, 2, 3), bohb.search().pruner(), "BOHB runs Hyperband by default");
        SweepConfig checkpointed = SweepConfigLoader.load(write(VALID.replace("seed = 9 }",
                "seed = 9, checkpoint_epochs = 2, pruner { name = median } }")));
        assertEquals(2, checkpointed.search().segmentEpochs(), "checkpoints every 2 epochs, judged every epoch");
        SweepConfig bohbAsha = SweepConfigLoader.load(write(VALID.replace("sampler = random", "sampler = bohb")
                .replace("seed = 9 }", "seed = 9, pruner { name = asha } }")));
        assertEquals(new io.sparkhpo.search.pruner.SuccessiveHalvingPruner(1, 4, 0), bohbAsha.search().pruner(), "or another pruner");
        SweepConfig plain = SweepConfigLoader.load(write(VALID.replace("seed = 9 }", "seed = 9, checkpoint_epochs = 2 }")));
        assertEquals(io.sparkhpo.search.pruner.Pruner.NONE, plain.search().pruner());
        assertEquals(2, plain.search().segmentEpochs());
        assertEquals(0, SweepConfigLoader.load(write(VALID)).search().segmentEpochs(), "no checkpoints by default");
    }
}
