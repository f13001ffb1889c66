package io.sparkhpo.driver.config;

import io.sparkhpo.driver.tables.Objective;
import io.sparkhpo.driver.tables.StudyTables;
import io.sparkhpo.executors.data.DataSets;
import io.sparkhpo.executors.model.ModelSpec;
import io.sparkhpo.executors.train.Device;
import io.sparkhpo.executors.train.Engines;
import io.sparkhpo.search.registry.Param;
import io.sparkhpo.search.sampler.Samplers;

import java.util.ArrayList;
import java.util.List;

/**
 * A sweep config's own keys, section by section, each declared once as a {@link Param}: a section allows exactly the
 * keys its list declares (an unknown one is an error listing them), and the loaders read each key through its
 * declaration ({@link ConfigReader#get}, {@link ConfigReader#opt}), so the kind, the default and the constraint are
 * written in one place. The hyperparameters a sweep can fix in {@code optimizer} and {@code training} are
 * {@link Hyperparameter}'s; a sampler's settings are its {@link Samplers.Type#settings()}.
 */
final class SweepKeys {

    static final Param STUDY_NAME = Param.text("name", null);
    static final Param OUTPUT = Param.text("output", "runs");
    static final List<Param> STUDY = List.of(STUDY_NAME, OUTPUT);

    static final Param ENGINE = Param.choice("engine", "dl4j", List.copyOf(Engines.available().keySet()));
    static final Param EPOCHS = Param.requiredInteger("epochs", 1);
    static final Param SEED = Param.integer("seed", 0);
    static final Param LR_SCALING = Param.choice("lr_scaling", "none", List.of("none", "linear"));
    static final Param BASE_BATCH_SIZE = Param.requiredInteger("base_batch_size", 1);
    static final Param SWA = Param.section("swa");
    static final Param SWA_START_EPOCH = Param.requiredInteger("start_epoch", 0);
    static final Param DEVICE = Param.choice("device", Device.AUTO.configName(), Device.names());
    /** {@code training}: its own keys and the hyperparameters fixed there (batch_size, clip_grad_norm, ...). */
    static final List<Param> TRAINING = with(List.of(ENGINE, EPOCHS, SEED, LR_SCALING, BASE_BATCH_SIZE, SWA, DEVICE),
            "training.");

    static final Param DATA_NAME = Param.choice("name", null, DataSets.NAMES).withHint("one of " + DataSets.NAMES);
    static final Param PATH = Param.text("path", null);
    static final Param DOWNLOAD = Param.flag("download", true);
    static final Param TRAIN_SIZE = Param.requiredInteger("train_size", 1);
    static final Param TEST_SIZE = Param.requiredInteger("test_size", 1);
    /** Its default is {@code training.seed}. */
    static final Param SUBSET_SEED = Param.integer("subset_seed", 0);
    static final Param AUGMENT = Param.flag("augment", true);
    static final Param NORMALIZE = Param.flag("normalize", true);
    static final List<Param> DATA = List.of(DATA_NAME, PATH, DOWNLOAD, TRAIN_SIZE, TEST_SIZE, SUBSET_SEED, AUGMENT, NORMALIZE);

    static final Param MODEL_NAME = Param.choice("name", "resnet18", ModelSpec.NAMES);
    static final Param WIDTH = Param.integer("width", 64, 1);
    static final List<Param> MODEL = List.of(MODEL_NAME, WIDTH);

    /** {@code optimizer}: the hyperparameters fixed there (name, lr, weight decay, each rule's and SAM's keys). */
    static final List<Param> OPTIMIZER = with(List.of(), "optimizer.");

    static final Param SAMPLER = Param.choice("sampler", Samplers.DEFAULT, Samplers.REGISTRY.names());
    static final Param TRIALS = Param.requiredInteger("trials", 1);
    static final Param PARALLELISM = Param.requiredInteger("parallelism", 1);
    static final Param SEARCH_SEED = Param.integer("seed", 0);
    static final Param OBJECTIVES = Param.texts("objectives");
    static final Param DIRECTIONS = Param.texts("directions");
    static final Param PRUNER = Param.section("pruner");
    static final Param RESUME = Param.choice("resume", "auto", List.of("auto", "never"));
    static final Param MAX_TRIAL_RETRIES = Param.integer("max_trial_retries", 2, 0);
    static final Param STRATEGY = Param.choice("strategy", "sample", PbtReader.STRATEGIES);
    static final Param PBT = Param.section("pbt");
    /** The keys of {@code search} in both kinds of sweep, samplers' settings included. */
    private static final List<Param> SEARCH_COMMON = List.of(SAMPLER, TRIALS, PARALLELISM, SEARCH_SEED, OBJECTIVES,
            DIRECTIONS, PRUNER, RESUME, MAX_TRIAL_RETRIES, STRATEGY, PBT);

    /** {@code search.objective}: one trials-table column ({@link ObjectivesReader}). */
    static final Param OBJECTIVE = Param.choice("objective", Objective.FINAL_TEST_ERROR.column(), StudyTables.METRICS);
    static final Param CHECKPOINT_EPOCHS = Param.integer("checkpoint_epochs", 0, 1);
    static final Param WARM_START = Param.texts("warm_start");
    /** {@code search} of the built-in network's sweep. */
    static final List<Param> SEARCH = search(OBJECTIVE, CHECKPOINT_EPOCHS, WARM_START);

    /** {@code search.direction} of a user objective's sweep: minimize or maximize. */
    static final Param DIRECTION = Param.choice("direction", "minimize", List.of("minimize", "maximize"));
    /** {@code search} of a user objective's sweep. */
    static final List<Param> OBJECTIVE_SEARCH = search(DIRECTION);

    static final Param CLASS = Param.text("class", null)
            .withHint("the class implementing io.sparkhpo.api.Objective or MultiObjective");
    static final Param PARAMS = Param.section("params");
    static final Param MAX_STEPS = Param.integer("max_steps", 1, 1);
    /** {@code objective} of a user objective's sweep. */
    static final List<Param> OBJECTIVE_SECTION = List.of(CLASS, PARAMS, MAX_STEPS);

    private SweepKeys() {
    }

    private static List<Param> with(List<Param> own, String fixedAt) {
        List<Param> out = new ArrayList<>(own);
        Hyperparameter.values().stream().filter(h -> h.fixedAt().startsWith(fixedAt))
                .map(h -> h.fixedAt().equals(fixedAt + h.key()) ? h.param() : h.param().withKey(h.fixedAt().substring(fixedAt.length())))
                .forEach(out::add);
        return List.copyOf(out);
    }

    private static List<Param> search(Param... own) {
        List<Param> out = new ArrayList<>(SEARCH_COMMON);
        out.addAll(List.of(own));
        Samplers.settingOwners().forEach((key, owners) -> out.add(owners.get(0).settings().stream()
                .filter(p -> p.key().equals(key)).findFirst().orElseThrow()));
        return List.copyOf(out);
    }
}
