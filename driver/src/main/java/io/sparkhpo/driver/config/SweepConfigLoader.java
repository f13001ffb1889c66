package io.sparkhpo.driver.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import io.sparkhpo.executors.data.DataSets;
import io.sparkhpo.executors.model.ModelSpec;
import io.sparkhpo.executors.train.Engines;
import io.sparkhpo.search.sampler.GridSampler;
import io.sparkhpo.search.space.SearchSpace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and validates a sweep configuration file (HOCON); see the README's config reference. */
public final class SweepConfigLoader {

    static final Set<String> SECTIONS = Set.of("study", "data", "model", "training", "optimizer", "search", "space", "spark");
    static final List<String> SAMPLERS = List.of("grid", "random");
    static final Set<String> TRAINING_KEYS = Set.of("engine", "epochs", "batch_size", "seed");
    static final Set<String> OPTIMIZER_KEYS = Set.of("name", "lr", "weight_decay", "weight_decay_mode", "beta1", "beta2", "eps");
    private static final Pattern STUDY_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private SweepConfigLoader() {
    }

    /** @throws ConfigError naming the file, line, key and value at the first problem */
    public static SweepConfig load(Path file) {
        String name = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new ConfigError(name, "", "config file not found" + (Files.isDirectory(file) ? " (it is a directory)" : ""));
        }
        Config config;
        try {
            config = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF)
                    .setAllowMissing(false)).resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(true));
        } catch (ConfigException e) {
            throw new ConfigError(name, "", "cannot parse: " + e.getMessage());
        }
        return read(name, file, config);
    }

    static SweepConfig read(String name, Path file, Config config) {
        ConfigReader root = ConfigReader.root(name, config, SECTIONS);
        SweepConfig.Study study = study(root.section("study", Set.of("name", "output")));
        SweepConfig.Training training = training(root.section("training", TRAINING_KEYS));
        SweepConfig.Data data = data(root.section("data", Set.of("name", "path", "download", "train_size", "test_size",
                "subset_seed", "augment", "normalize")), training.seed());
        SweepConfig.Model model = model(root.section("model", Set.of("name", "width")));
        ConfigReader searchSection = root.section("search", Set.of("sampler", "trials", "parallelism", "seed", "objective"));
        String sampler = searchSection.choice("sampler", "random", SAMPLERS);
        SpaceReader space = new SpaceReader(root.open("space"), sampler);
        Map<String, Object> fixed = fixed(root, space);
        new OptimizerCombinations(root, space, fixed).check();
        SweepConfig.Search search = search(searchSection, sampler, space);
        Map<String, String> spark = spark(root);
        return new SweepConfig(file, study, data, model, training, fixed, search, space.space(), space.grid(), spark);
    }

    private static SweepConfig.Study study(ConfigReader s) {
        String n = s.optString("name").orElseThrow(() -> s.error("name", "study.name is required"));
        if (!STUDY_NAME.matcher(n).matches()) {
            throw s.error("name", "study.name must be letters, digits, '.', '_' or '-' (it names a folder), got \"" + n + "\"");
        }
        return new SweepConfig.Study(n, s.string("output", "runs"));
    }

    private static SweepConfig.Training training(ConfigReader t) {
        List<String> engines = List.copyOf(Engines.available().keySet());
        String engine = t.choice("engine", "dl4j", engines);
        int epochs = t.optLong("epochs", 1).map(Math::toIntExact)
                .orElseThrow(() -> t.error("epochs", "training.epochs is required"));
        return new SweepConfig.Training(engine, epochs, t.longValue("seed", 0, Long.MIN_VALUE));
    }

    private static SweepConfig.Data data(ConfigReader d, long trainingSeed) {
        String n = d.optString("name").orElseThrow(() -> d.error("name", "data.name is required (one of " + DataSets.NAMES + ")"));
        if (!DataSets.NAMES.contains(n)) {
            throw d.error("name", "data.name must be one of " + DataSets.NAMES + ", got \"" + n + "\"");
        }
        return new SweepConfig.Data(n, d.optString("path").map(Path::of), d.bool("download", true),
                optInt(d, "train_size"), optInt(d, "test_size"), d.longValue("subset_seed", trainingSeed, Long.MIN_VALUE),
                d.bool("augment", true), d.bool("normalize", true));
    }

    private static OptionalInt optInt(ConfigReader r, String key) {
        Optional<Long> v = r.optLong(key, 1);
        if (v.isPresent() && v.get() > Integer.MAX_VALUE) {
            throw r.error(key, r.path(key) + " must be at most " + Integer.MAX_VALUE + ", got " + v.get());
        }
        return v.map(x -> OptionalInt.of(x.intValue())).orElse(OptionalInt.empty());
    }

    private static SweepConfig.Model model(ConfigReader m) {
        return new SweepConfig.Model(m.choice("name", "resnet18", ModelSpec.NAMES), m.intValue("width", 64, 1));
    }

    /** Fixed values of the hyperparameters not in the space: {@code optimizer.*} and {@code training.batch_size}. */
    private static Map<String, Object> fixed(ConfigReader root, SpaceReader space) {
        ConfigReader opt = root.section("optimizer", OPTIMIZER_KEYS);
        ConfigReader training = root.section("training", TRAINING_KEYS);
        Map<String, Object> fixed = new LinkedHashMap<>();
        for (Hyperparameter h : Hyperparameter.values()) {
            ConfigReader section = h.fixedAt().startsWith("optimizer.") ? opt : training;
            String key = h.fixedAt().substring(h.fixedAt().indexOf('.') + 1);
            boolean given = section.has(key);
            if (given && space.space().params().containsKey(h.key())) {
                throw section.error(key, h.key() + " is both fixed (" + h.fixedAt() + ") and searched (space."
                        + h.key() + "); remove one");
            }
            if (space.space().params().containsKey(h.key())) {
                continue;
            }
            Optional<Object> value = given ? Optional.of(read(section, key, h)) : h.defaultValue();
            value.ifPresent(v -> fixed.put(h.key(), v));
        }
        return fixed;
    }

    private static Object read(ConfigReader section, String key, Hyperparameter h) {
        Object v = switch (h.kind()) {
            case CHOICE -> section.optString(key).orElseThrow();
            case REAL -> section.optDouble(key).orElseThrow();
            case INTEGER -> section.optLong(key, Long.MIN_VALUE).orElseThrow();
        };
        h.problem(v).ifPresent(p -> {
            throw section.error(key, section.path(key) + " " + p + ", got " + (v instanceof String s ? "\"" + s + "\"" : v));
        });
        return v;
    }

    private static SweepConfig.Search search(ConfigReader s, String sampler, SpaceReader space) {
        long seed = s.longValue("seed", 0, Long.MIN_VALUE);
        OptionalInt trials = optInt(s, "trials");
        int count;
        if (sampler.equals("grid")) {
            long size = new GridSampler(gridValues(space)).size();
            if (trials.isPresent() && trials.getAsInt() > size) {
                throw s.error("trials", "search.trials must be at most the grid's " + size + " points, got "
                        + trials.getAsInt());
            }
            count = trials.orElse((int) Math.min(size, Integer.MAX_VALUE));
        } else {
            if (space.space().isEmpty()) {
                throw s.errorHere("the space section is empty: the random sampler needs at least one searched hyperparameter");
            }
            count = trials.orElseThrow(() -> s.error("trials", "search.trials is required with the random sampler"));
        }
        OptionalInt parallelism = optInt(s, "parallelism");
        String objective = s.choice("objective", SweepConfig.Objective.FINAL_TEST_ERROR.configName(),
                Arrays.stream(SweepConfig.Objective.values()).map(SweepConfig.Objective::configName).toList());
        SweepConfig.Objective obj = Arrays.stream(SweepConfig.Objective.values())
                .filter(o -> o.configName().equals(objective)).findFirst().orElseThrow();
        return new SweepConfig.Search(sampler, count, parallelism, seed, obj);
    }

    private static Map<String, List<Object>> gridValues(SpaceReader space) {
        Map<String, List<Object>> values = new LinkedHashMap<>();
        space.space().params().forEach((k, d) -> values.put(k, d.grid(space.grid().getOrDefault(k, 0))));
        return values;
    }

    private static Map<String, String> spark(ConfigReader root) {
        Map<String, String> out = new LinkedHashMap<>();
        root.open("spark").ifPresent(s -> {
            for (String[] leaf : s.leaves()) {
                out.put("spark." + leaf[0], leaf[1]);
            }
        });
        return out;
    }

    /** Every optimizer × decay-mode combination the sweep can produce must be a valid one. */
    private record OptimizerCombinations(ConfigReader root, SpaceReader space, Map<String, Object> fixed) {
        void check() {
            for (Object optimizer : possible(Hyperparameter.OPTIMIZER)) {
                List<Object> modes = possible(Hyperparameter.WEIGHT_DECAY_MODE);
                for (Object mode : modes.isEmpty() ? java.util.Collections.singletonList(null) : modes) {
                    try {
                        Hyperparameter.decayMode((String) optimizer, Optional.ofNullable((String) mode));
                    } catch (IllegalArgumentException e) {
                        throw blame(e.getMessage());
                    }
                }
            }
        }

        private List<Object> possible(Hyperparameter h) {
            if (space.space().params().containsKey(h.key())) {
                return new ArrayList<>(space.space().get(h.key()).grid(0));
            }
            return fixed.containsKey(h.key()) ? List.of(fixed.get(h.key())) : List.of();
        }

        private ConfigError blame(String problem) {
            String mode = Hyperparameter.WEIGHT_DECAY_MODE.key();
            if (space.space().params().containsKey(mode)) {
                return space.errorAt(mode, "space." + mode + " cannot be combined with every optimizer: " + problem);
            }
            ConfigReader opt = root.section("optimizer", OPTIMIZER_KEYS);
            if (opt.has("weight_decay_mode")) {
                return opt.error("weight_decay_mode", "optimizer.weight_decay_mode = \"" + fixed.get(mode)
                        + "\" does not fit the optimizer: " + problem);
            }
            return opt.error("name", problem);
        }
    }
}
