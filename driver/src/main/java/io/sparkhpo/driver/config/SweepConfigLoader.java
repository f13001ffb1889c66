package io.sparkhpo.driver.config;

import io.sparkhpo.driver.tables.Objective;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import io.sparkhpo.executors.data.DataSets;
import io.sparkhpo.executors.model.ModelSpec;
import io.sparkhpo.executors.optim.OptimizerSpecs;
import io.sparkhpo.executors.optim.SamSpec;
import io.sparkhpo.executors.schedule.ScheduleSpec;
import io.sparkhpo.executors.train.Device;
import io.sparkhpo.executors.train.Engines;
import io.sparkhpo.executors.train.SwaSpec;
import io.sparkhpo.search.sampler.GridSampler;
import io.sparkhpo.search.pruner.Pruner;
import io.sparkhpo.search.pruner.Pruners;
import io.sparkhpo.search.sampler.Samplers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and validates a sweep configuration file (HOCON); see the README's config reference. */
public final class SweepConfigLoader {

    static final Set<String> SECTIONS = Set.of("study", "data", "model", "training", "optimizer", "schedule", "search",
            "space", "spark");
    static final Set<String> TRAINING_KEYS = Set.of("engine", "epochs", "batch_size", "seed", "clip_grad_norm",
            "clip_grad_value", "lr_scaling", "base_batch_size", "swa", "device");
    static final Set<String> OPTIMIZER_KEYS;
    private static final Pattern STUDY_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    static {
        Set<String> keys = new HashSet<>(Set.of("name", "lr", "weight_decay", "weight_decay_norm", "weight_decay_mode"));
        keys.addAll(OptimizerSpecs.allKeys());
        keys.addAll(SamSpec.KEYS);
        OPTIMIZER_KEYS = Set.copyOf(keys);
    }

    private SweepConfigLoader() {
    }

    /** @throws ConfigError naming the file, line, key and value at the first problem */
    public static SweepConfig load(Path file) {
        String name = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new ConfigError(name, "", "config file not found" + (Files.isDirectory(file) ? " (it is a directory)" : ""));
        }
        return read(name, file, parseFile(file));
    }

    /** A config file parsed (HOCON, environment substitutions resolved), for either kind of sweep. */
    static Config parseFile(Path file) {
        try {
            return ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF)
                    .setAllowMissing(false)).resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(true));
        } catch (ConfigException e) {
            throw new ConfigError(file.toString(), "", "cannot parse: " + e.getMessage());
        }
    }

    /** A config given as text ({@code name} stands for its file in messages), e.g. a command's built-in default. */
    public static SweepConfig parse(String name, String text) {
        Config config;
        try {
            config = ConfigFactory.parseString(text, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF)
                    .setOriginDescription(name)).resolve();
        } catch (ConfigException e) {
            throw new ConfigError(name, "", "cannot parse: " + e.getMessage());
        }
        return read(name, Path.of(name), config);
    }

    static SweepConfig read(String name, Path file, Config config) {
        ConfigReader root = ConfigReader.root(name, config, SECTIONS);
        SweepConfig.Study study = study(root.section("study", Set.of("name", "output")));
        ConfigReader trainingSection = root.section("training", TRAINING_KEYS);
        SweepConfig.Training training = training(trainingSection);
        SweepConfig.Data data = data(root.section("data", Set.of("name", "path", "download", "train_size", "test_size",
                "subset_seed", "augment", "normalize")), training.seed());
        SweepConfig.Model model = model(root.section("model", Set.of("name", "width")));
        Set<String> searchKeys = new HashSet<>(Set.of("sampler", "trials", "parallelism", "seed", "objective", "objectives", "directions", "pruner",
                "checkpoint_epochs", "resume", "max_trial_retries", "warm_start", "strategy", "pbt"));
        searchKeys.addAll(Samplers.settingOwners().keySet());
        ConfigReader searchSection = root.section("search", searchKeys);
        Samplers.Type sampler = Samplers.get(searchSection.choice("sampler", Samplers.DEFAULT, Samplers.REGISTRY.names()));
        SpaceReader space = new SpaceReader(root.open("space"), sampler);
        ConfigReader optimizerSection = root.section("optimizer", OPTIMIZER_KEYS);
        Map<String, Object> fixed = fixed(optimizerSection, trainingSection, space);
        new OptimizerChecks(optimizerSection, space, fixed).check();
        ScheduleSpec schedule = ScheduleReader.read(root.open("schedule"));
        SweepConfig.Search search = search(searchSection, sampler, space, training);
        return new SweepConfig(file, study, data, model, training, fixed, schedule, search, space.space(), space.grid(),
                spark(root));
    }

    static SweepConfig.Study study(ConfigReader s) {
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
        boolean linear = t.choice("lr_scaling", "none", List.of("none", "linear")).equals("linear");
        OptionalInt base = optInt(t, "base_batch_size");
        if (linear && base.isEmpty()) {
            throw t.error("lr_scaling", "training.lr_scaling = linear needs training.base_batch_size (the batch size "
                    + "the configured lr is meant for)");
        }
        if (!linear && base.isPresent()) {
            throw t.error("base_batch_size", "training.base_batch_size is only used with training.lr_scaling = linear");
        }
        Optional<SwaSpec> swa = t.open("swa").map(s -> {
            ConfigReader r = t.section("swa", Set.of("start_epoch"));
            int start = r.optLong("start_epoch", 0).map(Math::toIntExact)
                    .orElseThrow(() -> r.errorHere("training.swa.start_epoch is required"));
            if (start >= epochs) {
                throw r.error("start_epoch", "training.swa.start_epoch must be below training.epochs (" + epochs
                        + "), got " + start);
            }
            return new SwaSpec(start);
        });
        Device device = Device.of(t.choice("device", Device.AUTO.configName(), Device.names()));
        return new SweepConfig.Training(engine, epochs, t.longValue("seed", 0, Long.MIN_VALUE), linear, base, swa, device);
    }

    private static SweepConfig.Data data(ConfigReader d, long trainingSeed) {
        String n = d.optString("name").orElseThrow(() -> d.error("name", "data.name is required (one of " + DataSets.NAMES + ")"));
        if (!DataSets.NAMES.contains(n)) {
            throw d.error("name", "data.name must be one of " + DataSets.NAMES + ", got \"" + n + "\"");
        }
        return new SweepConfig.Data(n, d.optString("path"), d.bool("download", true),
                optInt(d, "train_size"), optInt(d, "test_size"), d.longValue("subset_seed", trainingSeed, Long.MIN_VALUE),
                d.bool("augment", true), d.bool("normalize", true));
    }

    static OptionalInt optInt(ConfigReader r, String key) {
        Optional<Long> v = r.optLong(key, 1);
        if (v.isPresent() && v.get() > Integer.MAX_VALUE) {
            throw r.error(key, r.path(key) + " must be at most " + Integer.MAX_VALUE + ", got " + v.get());
        }
        return v.map(x -> OptionalInt.of(x.intValue())).orElse(OptionalInt.empty());
    }

    private static SweepConfig.Model model(ConfigReader m) {
        return new SweepConfig.Model(m.choice("name", "resnet18", ModelSpec.NAMES), m.intValue("width", 64, 1));
    }

    /** Values given in {@code optimizer.*} and {@code training.*} for hyperparameters not in the space. */
    private static Map<String, Object> fixed(ConfigReader opt, ConfigReader training, SpaceReader space) {
        Map<String, Object> fixed = new LinkedHashMap<>();
        for (Hyperparameter h : Hyperparameter.values()) {
            ConfigReader section = h.fixedAt().startsWith("optimizer.") ? opt : training;
            String key = h.fixedAt().substring(h.fixedAt().indexOf('.') + 1);
            boolean searched = space.space().params().containsKey(h.key());
            if (section.has(key) && searched) {
                throw section.error(key, h.key() + " is both fixed (" + h.fixedAt() + ") and searched (space."
                        + h.key() + "); remove one");
            }
            if (section.has(key)) {
                fixed.put(h.key(), read(section, key, h));
            }
        }
        return fixed;
    }

    static Object read(ConfigReader section, String key, Hyperparameter h) {
        Object v = switch (h.kind()) {
            case CHOICE -> section.optString(key).orElseThrow();
            case REAL -> section.optDouble(key).orElseThrow();
            case INTEGER -> section.optLong(key, Long.MIN_VALUE).orElseThrow();
            case BOOL -> section.bool(key, false);
            case ANY -> ConfigReader.plain(section.raw(key).orElseThrow().unwrapped());
        };
        h.problem(v).ifPresent(p -> {
            throw section.error(key, section.path(key) + " " + p + ", got " + (v instanceof String s ? "\"" + s + "\"" : v));
        });
        return v;
    }

    private static SweepConfig.Search search(ConfigReader s, Samplers.Type sampler, SpaceReader space, SweepConfig.Training t) {
        long seed = s.longValue("seed", 0, Long.MIN_VALUE);
        boolean pbt = s.choice("strategy", "sample", PbtReader.STRATEGIES).equals("pbt");
        int count = pbt ? 0 : trials(s, sampler, space); // with PBT: the population, read below
        List<Objective> objectives = ObjectivesReader.read(s, sampler, t);
        checkSamplerSettings(s, sampler);
        Map<String, Object> settings = s.settings(sampler.settings(), "the " + sampler.name() + " sampler");
        Pruner pruner = pruner(s, t.epochs());
        // PBT first, on the pruner the user wrote: BOHB's default one below is not theirs to remove
        java.util.Optional<io.sparkhpo.search.pbt.Pbt.Settings> pbtSettings = PbtReader.read(s, sampler, space, t, pruner,
                objectives.size(), seed);
        if (sampler.budgets() == Samplers.Budgets.REQUIRED && pruner == Pruner.NONE) {
            pruner = io.sparkhpo.search.pruner.HyperbandPruner.of(1, t.epochs()); // BOHB is Hyperband's model
        }
        if (objectives.size() > 1 && pruner != Pruner.NONE) {
            throw s.error("pruner", "search.pruner judges one value: a study of " + objectives.size()
                    + " objectives (search.objectives) cannot be pruned; remove search.pruner");
        }
        if (pruner == Pruner.NONE && s.has(Samplers.LARGEST_BUDGET) && s.bool(Samplers.LARGEST_BUDGET, false)) {
            throw s.error(Samplers.LARGEST_BUDGET, "search." + Samplers.LARGEST_BUDGET + " = true needs a search.pruner, "
                    + "whose rungs give the budgets (without one every trial reports only its final value)");
        }
        if (pbtSettings.isPresent()) {
            count = pbtSettings.get().population();
        }
        int segment = pbtSettings.map(io.sparkhpo.search.pbt.Pbt.Settings::interval).orElse((int) s.longValue("checkpoint_epochs", 0, 1));
        boolean autoResume = s.choice("resume", "auto", List.of("auto", "never")).equals("auto");
        int retries = (int) s.longValue("max_trial_retries", 2, 0);
        return new SweepConfig.Search(sampler.name(), count, optInt(s, "parallelism"), seed, objectives, settings, pruner, segment,
                autoResume, retries, warmStart(s), pbtSettings);
    }

    /** {@code search.trials}: required, or for the grid sampler at most (and by default) the grid's size. */
    static int trials(ConfigReader s, Samplers.Type sampler, SpaceReader space) {
        OptionalInt trials = optInt(s, "trials");
        if (sampler.enumerates()) {
            long size = new GridSampler(gridValues(space)).size(space.space());
            if (trials.isPresent() && trials.getAsInt() > size) {
                throw s.error("trials", "search.trials must be at most the grid's " + size + " points, got "
                        + trials.getAsInt());
            }
            return trials.orElse((int) Math.min(size, Integer.MAX_VALUE));
        }
        if (space.space().isEmpty()) {
            throw s.errorHere("the space section is empty: the " + sampler.name() + " sampler needs at least one searched hyperparameter");
        }
        return trials.orElseThrow(() -> s.error("trials", "search.trials is required with the " + sampler.name() + " sampler"));
    }

    /** A sampler's own setting given with another sampler is an error naming the samplers it belongs to. */
    static void checkSamplerSettings(ConfigReader s, Samplers.Type sampler) {
        Samplers.settingOwners().forEach((k, owners) -> {
            if (s.has(k) && !owners.contains(sampler)) {
                throw s.error(k, "search." + k + " is a setting of search.sampler = " + owners.stream().map(Samplers.Type::name)
                        .collect(java.util.stream.Collectors.joining(" or ")) + ", got sampler " + sampler.name());
            }
        });
    }

    /** {@code search.warm_start = [STUDY_DIR, ...]}: non-blank folder names, each once. */
    private static List<String> warmStart(ConfigReader s) {
        if (!s.has("warm_start")) {
            return List.of();
        }
        List<String> dirs = new ArrayList<>();
        for (Object o : s.scalarList("warm_start")) {
            if (!(o instanceof String d) || d.isBlank() || dirs.contains(d)) {
                throw s.error("warm_start", "search.warm_start must list study folders (non-blank strings, each once), got "
                        + (o instanceof String ? "\"" + o + "\"" : o));
            }
            dirs.add(d);
        }
        return List.copyOf(dirs);
    }

    /**
     * {@code search.pruner { name = asha, min_resource = 1, reduction_factor = 3 }}: steps are epochs trained (the
     * first judgement comes after epoch 1).
     */
    static Pruner pruner(ConfigReader s, int epochs) {
        if (!s.has("pruner")) {
            return Pruner.NONE;
        }
        ConfigReader p = s.open("pruner").orElseThrow(() -> s.error("pruner", "search.pruner must be an object, e.g. "
                + "pruner { name = asha, min_resource = 1, reduction_factor = 3 }"));
        Pruners.Type type = Pruners.get(p.choice("name", "none", Pruners.REGISTRY.names()));
        Set<String> keys = new HashSet<>(Set.of("name"));
        type.settings().forEach(st -> keys.add(st.key()));
        p.checkOnly(keys);
        Map<String, Object> settings = p.settings(type.settings(), "the " + type.name() + " pruner");
        try {
            return type.create(settings, epochs);
        } catch (IllegalArgumentException e) {
            throw p.errorHere("search.pruner: " + e.getMessage());
        }
    }

    static Map<String, List<Object>> gridValues(SpaceReader space) {
        Map<String, List<Object>> values = new LinkedHashMap<>();
        space.space().params().forEach((k, d) -> values.put(k, d.grid(space.grid().getOrDefault(k, 0))));
        return values;
    }

    static Map<String, String> spark(ConfigReader root) {
        Map<String, String> out = new LinkedHashMap<>();
        root.open("spark").ifPresent(s -> {
            for (String[] leaf : s.leaves()) {
                if (leaf[0].equals("task.maxFailures")) {
                    throw s.error("task", "spark.task.maxFailures is set by search.max_trial_retries (a trial's task runs "
                            + "at most retries + 1 times); set that instead");
                }
                out.put("spark." + leaf[0], leaf[1]);
            }
        });
        return out;
    }
}
