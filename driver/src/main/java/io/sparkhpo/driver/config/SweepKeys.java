package io.sparkhpo.driver.config;

import io.sparkhpo.driver.tables.Objective;
import io.sparkhpo.driver.tables.StudyTables;
import io.sparkhpo.executors.data.DataSets;
import io.sparkhpo.executors.model.Models;
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
public final class SweepKeys {

    static final Param STUDY_NAME = Param.text("name", null)
            .documented("letters, digits, `.`, `_`, `-`; names the study's folder");
    static final Param OUTPUT = Param.text("output", "runs")
            .documented("tables go to `OUTPUT/NAME/{trials,epochs}`; a local path or a Hadoop URI (`hdfs://`, `s3a://`)");
    static final List<Param> STUDY = List.of(STUDY_NAME, OUTPUT);

    static final Param ENGINE = Param.choice("engine", "dl4j", List.copyOf(Engines.available().keySet()))
            .documented("`dl4j` (Deeplearning4j) or `djl` (libtorch through DJL, ~10-20x faster on CPU; see [Performance](performance.md))");
    static final Param EPOCHS = Param.requiredInteger("epochs", 1)
            .documented("epochs per trial");
    static final Param SEED = Param.integer("seed", 0)
            .documented("weight initialization, batch order and augmentation; the same for every trial, so trials differ only in their hyperparameters");
    static final Param LR_SCALING = Param.choice("lr_scaling", "none", List.of("none", "linear"))
            .documented("`linear`: the linear scaling rule (Goyal et al. 2017): lr × batch_size / `base_batch_size`, and a warmup counted in iterations × `base_batch_size` / batch_size");
    static final Param BASE_BATCH_SIZE = Param.requiredInteger("base_batch_size", 1)
            .documented("none", "the batch size the configured lr is meant for (with `lr_scaling = linear`)");
    static final Param SWA = Param.section("swa");
    static final Param SWA_START_EPOCH = Param.requiredInteger("start_epoch", 0)
            .documented("none", "stochastic weight averaging (Izmailov et al. 2018): average the weights after each epoch from this one (0-based), recompute BatchNorm statistics, evaluate the average (`swa_test_error`)");
    static final Param DEVICE = Param.choice("device", Device.AUTO.configName(), Device.names())
            .documented("`auto`: a trial trains on the GPU Spark gave its task, on the CPU when it gave none; a task given a GPU that the engine cannot use (a CPU-only build) ends its trial FAILED at once with the reason and the fix, and the sweep stops asking for trials (exit 1). `cpu`: train on the CPU even when Spark gives GPUs (they stay idle). `gpu`: as `auto`, but a task given no GPU fails too. See [Checking the executors](cluster.md#checking-the-executors-doctor)");
    /** {@code training}: its own keys and the hyperparameters fixed there (batch_size, clip_grad_norm, ...). */
    static final List<Param> TRAINING = with(List.of(ENGINE, EPOCHS, SEED, LR_SCALING, BASE_BATCH_SIZE, SWA, DEVICE),
            "training.");

    static final Param DATA_NAME = Param.choice("name", null, DataSets.NAMES).withHint("one of " + DataSets.NAMES)
            .documented(inWords(DataSets.NAMES) + " ([Models and data sets](models-and-data.md))");
    static final Param PATH = Param.text("path", null)
            .documented("search", "folder with the data set's files ([Models and data sets](models-and-data.md): CIFAR binary batches, IDX files, class folders of images): a local path, or a Hadoop URI (`hdfs://...`), which the driver and each executor JVM copy to a local temporary folder once. Unset: `$SPARKHPO_DATA/NAME`, then a package's folder (Debian's for Fashion-MNIST); required for `image-folder`");
    static final Param DOWNLOAD = Param.flag("download", true)
            .documented("fetch from the official location (MD5-checked) when the files are not found");
    static final Param TRAIN_SIZE = Param.requiredInteger("train_size", 1)
            .documented("all", "use a seeded random subset of this many examples");
    static final Param TEST_SIZE = Param.requiredInteger("test_size", 1)
            .documented("all", "use a seeded random subset of this many examples");
    /** Its default is {@code training.seed}. */
    static final Param SUBSET_SEED = Param.integer("subset_seed", 0)
            .documented("`training.seed`", "seed of those subsets");
    static final Param AUGMENT = Param.flag("augment", true)
            .documented("the data set's ([Models and data sets](models-and-data.md): `true` but for `mnist`, `svhn` and feature columns)", "random crop with 4-pixel zero padding and horizontal flip on training batches");
    static final Param NORMALIZE = Param.flag("normalize", true)
            .documented("per-channel mean/std of the training set");
    /** {@code data}: its own keys, then every data set's keys (each checked against the chosen one). */
    static final List<Param> DATA = concat(List.of(DATA_NAME, PATH, DOWNLOAD, TRAIN_SIZE, TEST_SIZE, SUBSET_SEED, AUGMENT,
            NORMALIZE), DataSets.keys());

    static final Param MODEL_NAME = Param.choice("name", "resnet18", Models.NAMES)
            .documented("the network: " + inWords(Models.NAMES) + " ([Models and data sets](models-and-data.md))");
    /** {@code model}: its name, then every model's keys (each checked against the chosen one). */
    static final List<Param> MODEL = concat(List.of(MODEL_NAME), Models.keys());

    /** {@code optimizer}: the hyperparameters fixed there (name, lr, weight decay, each rule's and SAM's keys). */
    static final List<Param> OPTIMIZER = with(List.of(), "optimizer.");

    static final Param SAMPLER = Param.choice("sampler", Samplers.DEFAULT, Samplers.REGISTRY.names())
            .documented("`random` (uniform on each parameter's scale), `grid`, `sobol` (scrambled quasi-random), `tpe`, `cmaes`, `nsga2` (NSGA-II; with one objective a genetic algorithm), `gp` (Gaussian-process Bayesian optimization) or `bohb` (BOHB: a density-ratio model fitted at the largest budget a pruner records; Hyperband unless `search.pruner` says otherwise); see [The search library](../search/README.md)");
    static final Param TRIALS = Param.requiredInteger("trials", 1)
            .documented("required, except for grid (its size)", "number of trials");
    static final Param PARALLELISM = Param.requiredInteger("parallelism", 1)
            .documented("local: cores for `dl4j`, 1 for `djl`; cluster: task slots", "trials in flight at once");
    static final Param SEARCH_SEED = Param.integer("seed", 0)
            .documented("the sampler's seed");
    static final Param OBJECTIVES = Param.texts("objectives")
            .documented("none", "two or more of those columns instead of `search.objective`, e.g. `[final_test_error, wall_seconds]`: the study keeps a Pareto front, each completed trial's rank lands in the trials table's `pareto_rank` ([Tables](tables.md)) and the report draws the front. Samplers: `random`, `sobol`, `grid`, `tpe` (multi-objective TPE) or `nsga2`; `gp`, `cmaes` and `bohb` model one value and are refused, as is `search.pruner` (a pruner judges one value). `retrain --best` refuses such a study (there is no single best trial). Example: `conf/multi-objective.conf`");
    static final Param DIRECTIONS = Param.texts("directions")
            .documented("all `minimize`", "with `search.objectives`: `minimize` or `maximize` for each, in order");
    static final Param PRUNER = Param.section("pruner")
            .documented("none", "stops unpromising trials between epochs: `{ name = asha, min_resource = 1, reduction_factor = 4, min_early_stopping_rate = 0 }` (asynchronous successive halving), `{ name = hyperband, min_resource = 1, reduction_factor = 3 }` (max resource: `training.epochs`), `{ name = median, startup_trials = 5, warmup_epochs = 0 }`, `{ name = percentile, percentile = 25, ... }`; judged on each epoch's test error, steps counted in epochs trained");
    static final Param RESUME = Param.choice("resume", "auto", List.of("auto", "never"))
            .documented("`auto`: a sweep that finds its own journal in the study folder continues it; `never`: refuse to mix with an earlier sweep's tables unless `--resume` or `--overwrite` is given");
    static final Param MAX_TRIAL_RETRIES = Param.integer("max_trial_retries", 2, 0)
            .documented("how often a trial runs again after a failure that may pass (its runner's executor lost, an I/O error), each time from its last checkpoint; failures that would repeat (bad input, a diverged loss, an exception or out-of-memory error inside the trial) end the trial at once. Also how often the runner tasks' Spark job is submitted again if Spark gives up on it, and it sets `spark.task.maxFailures` (retries + 1), which the `spark` section may not set");
    static final Param STRATEGY = Param.choice("strategy", "sample", List.of("sample", "pbt"))
            .documented("`sample`: trials drawn by the sampler, each trained with its own values; `pbt`: population-based training ([pbt.md](pbt.md)), with `search.pbt`");
    static final Param PBT = Param.section("pbt");
    static final Param PBT_POPULATION = Param.requiredInteger("population", 2)
            .documented("required with `pbt`", "members (at least 2); they are the study's trials, so `search.trials` is not given. The sampler draws each member's initial values");
    static final Param PBT_INTERVAL = Param.requiredInteger("perturbation_interval", 1)
            .documented("required with `pbt`", "epochs between a member's boundaries (1 to `training.epochs` − 1), where it writes a checkpoint and PBT decides");
    static final Param PBT_MUTATIONS = Param.texts("mutations")
            .documented("required with `pbt`", "the space's numeric parameters that change at an exploit, e.g. `[lr, weight_decay]`; the others keep each member's first draw. Not categoricals, not `batch_size`");
    static final Param PBT_QUANTILE = Param.number("quantile_fraction", 0.25, "in (0, 0.5]", v -> v > 0 && v <= 0.5)
            .documented("the bottom and top quantiles' share of the members ranked at a boundary (ceil(n·f), at most half)");
    static final Param PBT_RESAMPLE = Param.number("resample_probability", 0.25, "in [0, 1]", v -> v >= 0 && v <= 1)
            .documented("the chance a mutated value is drawn anew from its space entry instead of perturbed");
    static final Param PBT_FACTORS = Param.list("perturbation_factors", "positive numbers", v -> true)
            .documented("`[0.8, 1.2]`", "a perturbed value is the source's times one of these, drawn at random, kept inside the entry's bounds");
    static final Param PBT_SYNCHRONOUS = Param.flag("synchronous", false)
            .documented("`true`: a boundary waits for every member (generations); `false`: a member decides as it arrives, among the members that have reached that boundary (Ray Tune's default)");
    static final Param PBT_EXPLORE = Param.choice("explore", "perturb", List.of("perturb", "pb2"))
            .documented("`perturb`: resample or multiply by a factor, as above; `pb2`: PB2's Gaussian-process bandit chooses the explored values ([pbt.md](pbt.md))");
    static final Param PBT_EXPLOIT = Param.flag("exploit", true)
            .documented("`false` turns exploit and explore off: the same population trained independently (a baseline)");
    /** {@code search.pbt} ({@link PbtReader} reads and checks them against the space and the run). */
    static final List<Param> PBT_KEYS = List.of(PBT_POPULATION, PBT_INTERVAL, PBT_MUTATIONS, PBT_QUANTILE, PBT_RESAMPLE,
            PBT_FACTORS, PBT_SYNCHRONOUS, PBT_EXPLORE, PBT_EXPLOIT);


    /** {@code search.objective}: one trials-table column ({@link ObjectivesReader}). */
    static final Param OBJECTIVE = Param.choice("objective", Objective.FINAL_TEST_ERROR.column(), StudyTables.METRICS)
            .documented("the trials-table column told to the study, minimized: `final_test_error`, `best_test_error` (over epochs), `swa_test_error` (needs `training.swa`), `final_train_loss`, `swa_test_loss`, `wall_seconds` or `parameters`");
    static final Param CHECKPOINT_EPOCHS = Param.integer("checkpoint_epochs", 0, 1)
            .documented("none", "a trial writes its checkpoint to `STUDY/checkpoints/` every this many epochs (removed when the trial ends), so a lost executor costs at most this many epochs and a resumed sweep continues interrupted trials where they were; without it they start over. A pruner does not need it: it judges each epoch as the trial trains");
    static final Param WARM_START = Param.texts("warm_start")
            .documented("none", "earlier study folders (`[\"/runs/a\", \"hdfs:///runs/b\"]`) whose completed trials the sampler sees before the first ask; they are copied into this study's `trials` table, marked in its `warm_start` column, and not run again (search/README.md)");
    /** {@code search} of the built-in network's sweep. */
    static final List<Param> SEARCH = search(PRUNER, CHECKPOINT_EPOCHS, TRIALS, PARALLELISM, SEARCH_SEED,
            MAX_TRIAL_RETRIES, RESUME, WARM_START, OBJECTIVE, OBJECTIVES, DIRECTIONS, STRATEGY, PBT);

    /** {@code search.direction} of a user objective's sweep: minimize or maximize. */
    static final Param DIRECTION = Param.choice("direction", "minimize", List.of("minimize", "maximize"))
            .documented("`minimize` or `maximize`: what the study does with the value your objective returns (one objective)");
    /** {@code search} of a user objective's sweep. */
    static final List<Param> OBJECTIVE_SEARCH = search(PRUNER, TRIALS, PARALLELISM, SEARCH_SEED, MAX_TRIAL_RETRIES,
            RESUME, DIRECTION, OBJECTIVES, DIRECTIONS, STRATEGY, PBT);

    static final Param CLASS = Param.text("class", null)
            .withHint("the class implementing io.sparkhpo.api.Objective or MultiObjective")
            .documented("required", "your class implementing `io.sparkhpo.api.Objective` or `MultiObjective`, with a public no-argument constructor, on the classpath (`--jars`)");
    static final Param PARAMS = Param.section("params")
            .documented("none", "values given to every trial as parameters (`trial.getInt(\"epochs\")`), not searched; any names and scalar values");
    static final Param MAX_STEPS = Param.integer("max_steps", 1, 1)
            .documented("the largest step a trial reports (`trial.report(value, step)`): a pruner's largest budget, PBT's members' length");
    /** {@code objective} of a user objective's sweep. */
    static final List<Param> OBJECTIVE_SECTION = List.of(CLASS, PARAMS, MAX_STEPS);

    /**
     * The documented keys of each section of a built-in sweep's config, by the section's path, in the order
     * docs/config.md's key table lists them ({@code training.swa} and {@code search.pbt} as sections of their own).
     * The update rules' and SAM's own keys in {@code optimizer} are documented in the optimizer table instead.
     */
    public static java.util.Map<String, List<Param>> sections() {
        java.util.Map<String, List<Param>> m = new java.util.LinkedHashMap<>();
        m.put("study", STUDY);
        m.put("data", DATA);
        m.put("model", MODEL);
        m.put("training", TRAINING);
        m.put("training.swa", List.of(SWA_START_EPOCH));
        m.put("optimizer", OPTIMIZER);
        m.put("search", SEARCH);
        m.put("search.pbt", PBT_KEYS);
        return m;
    }

    /**
     * The documented keys of each section of a user objective's sweep ({@code docs/objective.md}'s key table) that a
     * built-in sweep does not have: the {@code objective} section and {@code search.direction}; the other
     * {@code search} keys are the built-in sweep's ({@link #sections()}).
     */
    public static java.util.Map<String, List<Param>> objectiveSections() {
        java.util.Map<String, List<Param>> m = new java.util.LinkedHashMap<>();
        m.put("objective", OBJECTIVE_SECTION);
        m.put("search", List.of(DIRECTION));
        return m;
    }

    private SweepKeys() {
    }

    private static List<Param> concat(List<Param> a, List<Param> b) {
        List<Param> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }

    /** {@code [a, b, c]} as "`a`, `b` or `c`". */
    static String inWords(List<String> names) {
        List<String> q = names.stream().map(n -> "`" + n + "`").toList();
        return q.size() == 1 ? q.get(0) : String.join(", ", q.subList(0, q.size() - 1)) + " or " + q.get(q.size() - 1);
    }

    private static List<Param> with(List<Param> own, String fixedAt) {
        List<Param> out = new ArrayList<>(own);
        Hyperparameter.values().stream().filter(h -> h.fixedAt().startsWith(fixedAt))
                .map(h -> h.fixedAt().equals(fixedAt + h.key()) ? h.param() : h.param().withKey(h.fixedAt().substring(fixedAt.length())))
                .forEach(out::add);
        return List.copyOf(out);
    }

    /** {@code search}: the sampler, every sampler's settings (each checked against the chosen one), then {@code own}. */
    private static List<Param> search(Param... own) {
        List<Param> out = new ArrayList<>(List.of(SAMPLER));
        Samplers.settingOwners().forEach((key, owners) -> out.add(owners.get(0).settings().stream()
                .filter(p -> p.key().equals(key)).findFirst().orElseThrow()));
        out.addAll(List.of(own));
        return List.copyOf(out);
    }
}
