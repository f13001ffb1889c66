package io.sparkhpo.driver.config;

import io.sparkhpo.driver.tables.Objective;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import io.sparkhpo.executors.schedule.ScheduleSpec;
import io.sparkhpo.executors.train.Device;
import io.sparkhpo.executors.train.SwaSpec;
import io.sparkhpo.search.sampler.GridSampler;
import io.sparkhpo.search.pruner.Pruner;
import io.sparkhpo.search.pruner.Pruners;
import io.sparkhpo.search.registry.Param;
import io.sparkhpo.executors.model.ModelType;
import io.sparkhpo.executors.model.Models;
import io.sparkhpo.executors.data.DataSetType;
import io.sparkhpo.executors.data.DataSets;
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
    private static final Pattern STUDY_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

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
        SweepConfig.Study study = study(root.section("study", SweepKeys.STUDY));
        ConfigReader trainingSection = root.section("training", SweepKeys.TRAINING);
        SweepConfig.Training training = training(trainingSection);
        SweepConfig.Data data = data(root.section("data", SweepKeys.DATA), training.seed());
        ConfigReader modelSection = root.section("model", SweepKeys.MODEL);
        SweepConfig.Model model = model(modelSection);
        checkModelEngine(modelSection, model, training);
        ConfigReader searchSection = root.section("search", SweepKeys.SEARCH);
        Samplers.Type sampler = Samplers.get((String) searchSection.get(SweepKeys.SAMPLER));
        SpaceReader space = new SpaceReader(root.open("space"), sampler);
        ConfigReader optimizerSection = root.section("optimizer", SweepKeys.OPTIMIZER);
        Map<String, Object> fixed = fixed(optimizerSection, trainingSection, space);
        new OptimizerChecks(optimizerSection, space, fixed).check();
        ScheduleSpec schedule = ScheduleReader.read(root.open("schedule"));
        SweepConfig.Search search = search(searchSection, sampler, space, training);
        return new SweepConfig(file, study, data, model, training, fixed, schedule, search, space.space(), space.grid(),
                spark(root));
    }

    static SweepConfig.Study study(ConfigReader s) {
        String n = (String) s.get(SweepKeys.STUDY_NAME);
        if (!STUDY_NAME.matcher(n).matches()) {
            throw s.error("name", "study.name must be letters, digits, '.', '_' or '-' (it names a folder), got \"" + n + "\"");
        }
        return new SweepConfig.Study(n, (String) s.get(SweepKeys.OUTPUT));
    }

    private static SweepConfig.Training training(ConfigReader t) {
        String engine = (String) t.get(SweepKeys.ENGINE);
        int epochs = intOf(t, SweepKeys.EPOCHS);
        boolean linear = t.get(SweepKeys.LR_SCALING).equals("linear");
        OptionalInt base = optInt(t, SweepKeys.BASE_BATCH_SIZE);
        if (linear && base.isEmpty()) {
            throw t.error("lr_scaling", "training.lr_scaling = linear needs training.base_batch_size (the batch size "
                    + "the configured lr is meant for)");
        }
        if (!linear && base.isPresent()) {
            throw t.error("base_batch_size", "training.base_batch_size is only used with training.lr_scaling = linear");
        }
        Optional<SwaSpec> swa = t.open("swa").map(s -> {
            ConfigReader r = t.section(SweepKeys.SWA.key(), List.of(SweepKeys.SWA_START_EPOCH));
            int start = intOf(r, SweepKeys.SWA_START_EPOCH);
            if (start >= epochs) {
                throw r.error("start_epoch", "training.swa.start_epoch must be below training.epochs (" + epochs
                        + "), got " + start);
            }
            return new SwaSpec(start);
        });
        Device device = Device.of((String) t.get(SweepKeys.DEVICE));
        return new SweepConfig.Training(engine, epochs, (Long) t.get(SweepKeys.SEED), linear, base, swa, device);
    }

    private static SweepConfig.Data data(ConfigReader d, long trainingSeed) {
        String n = (String) d.get(SweepKeys.DATA_NAME);
        DataSetType type = DataSets.type(n);
        Map<String, Object> settings = ownSettings(d, "data", n, type.params(), DataSets.REGISTRY.entries(),
                DataSetType::name, DataSetType::params);
        boolean features = !"".equals(settings.getOrDefault(DataSets.FEATURE_COLUMN.key(), ""));
        boolean augment = (Boolean) d.get(SweepKeys.AUGMENT.withDefault(type.augments() && !features));
        if (features && augment) {
            throw d.error("augment", "data.augment crops and flips images; data.feature_column holds feature vectors: "
                    + "remove data.augment");
        }
        return new SweepConfig.Data(n, d.opt(SweepKeys.PATH).map(String.class::cast), (Boolean) d.get(SweepKeys.DOWNLOAD),
                optInt(d, SweepKeys.TRAIN_SIZE), optInt(d, SweepKeys.TEST_SIZE),
                (Long) d.get(SweepKeys.SUBSET_SEED.withDefault(trainingSeed)), augment, (Boolean) d.get(SweepKeys.NORMALIZE),
                settings);
    }

    /** An integer key's value (or default) as an {@code int}; one beyond {@code int} is an error. */
    static int intOf(ConfigReader r, Param p) {
        return toInt(r, p, ((Number) r.get(p)).longValue());
    }

    /** An integer key's value or default, if any, as an {@code int}; one beyond {@code int} is an error. */
    static OptionalInt optInt(ConfigReader r, Param p) {
        return r.opt(p).map(x -> OptionalInt.of(toInt(r, p, ((Number) x).longValue()))).orElse(OptionalInt.empty());
    }

    private static int toInt(ConfigReader r, Param p, long v) {
        if (v > Integer.MAX_VALUE) {
            throw r.error(p.key(), r.path(p.key()) + " must be at most " + Integer.MAX_VALUE + ", got " + v);
        }
        return (int) v;
    }

    /**
     * A user's network file is read by one engine: another {@code training.engine} is an error (the file itself is
     * read and checked against the data set when the sweep starts, {@code UserModels}: relative paths are the current
     * directory's then, as the data's are).
     */
    private static void checkModelEngine(ConfigReader m, SweepConfig.Model model, SweepConfig.Training training) {
        ModelType type = Models.type(model.name());
        if (type.engine().isPresent() && !type.engine().get().equals(training.engine())) {
            throw m.error("name", "model.name = " + model.name() + " is trained by the " + type.engine().get()
                    + " engine: set training.engine = " + type.engine().get() + ", got " + training.engine());
        }
    }

    /** {@code model}: a registered name and that model's keys. */
    private static SweepConfig.Model model(ConfigReader m) {
        ModelType type = Models.type((String) m.get(SweepKeys.MODEL_NAME));
        return new SweepConfig.Model(type.name(), ownSettings(m, "model", type.name(), type.params(),
                Models.REGISTRY.entries(), ModelType::name, ModelType::params));
    }

    /**
     * The settings of the registered component {@code chosen} of {@code section} (a model, a data set): its own keys,
     * read and checked, defaults filled in; another component's key is an error naming the components it belongs to.
     */
    private static <T> Map<String, Object> ownSettings(ConfigReader r, String section, String chosen, List<Param> own,
                                                       List<T> all, java.util.function.Function<T, String> name,
                                                       java.util.function.Function<T, List<Param>> params) {
        for (T t : all) {
            for (Param p : params.apply(t)) {
                if (r.has(p.key()) && !own.contains(p)) {
                    throw r.error(p.key(), section + "." + p.key() + " is a key of " + section + ".name = " + all.stream()
                            .filter(o -> params.apply(o).contains(p)).map(name).collect(java.util.stream.Collectors
                                    .joining(" or ")) + ", got " + section + " " + chosen + " (which takes "
                            + (own.isEmpty() ? "no keys of its own" : own.stream().map(Param::key).toList()) + ")");
                }
            }
        }
        return r.settings(own, section + " " + chosen);
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
        return section.value(key, h.param());
    }

    private static SweepConfig.Search search(ConfigReader s, Samplers.Type sampler, SpaceReader space, SweepConfig.Training t) {
        long seed = (Long) s.get(SweepKeys.SEARCH_SEED);
        boolean pbt = s.get(SweepKeys.STRATEGY).equals("pbt");
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
        int segment = pbtSettings.map(io.sparkhpo.search.pbt.Pbt.Settings::interval).orElse(intOf(s, SweepKeys.CHECKPOINT_EPOCHS));
        boolean autoResume = s.get(SweepKeys.RESUME).equals("auto");
        int retries = intOf(s, SweepKeys.MAX_TRIAL_RETRIES);
        return new SweepConfig.Search(sampler.name(), count, optInt(s, SweepKeys.PARALLELISM), seed, objectives, settings, pruner, segment,
                autoResume, retries, warmStart(s), pbtSettings);
    }

    /** {@code search.trials}: required, or for the grid sampler at most (and by default) the grid's size. */
    static int trials(ConfigReader s, Samplers.Type sampler, SpaceReader space) {
        OptionalInt trials = optInt(s, SweepKeys.TRIALS);
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
        Set<String> keys = new HashSet<>(ConfigReader.keysOf(type.settings()));
        keys.add("name");
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
