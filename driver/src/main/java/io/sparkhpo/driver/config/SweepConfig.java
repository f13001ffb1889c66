package io.sparkhpo.driver.config;

import io.sparkhpo.executors.schedule.ScheduleSpec;
import io.sparkhpo.executors.train.SwaSpec;
import io.sparkhpo.search.space.SearchSpace;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A validated sweep configuration (see the README's config reference).
 *
 * @param file     the file it was read from
 * @param study    name and output folder
 * @param data     which data set and how much of it
 * @param model    the network
 * @param training engine, epochs and seed
 * @param fixed    hyperparameters given in the config and not searched, by {@link Hyperparameter#key()} (defaults
 *                 that depend on the optimizer are left to {@link TrialParameters})
 * @param schedule the learning-rate schedule
 * @param search   sampler, number of trials, parallelism
 * @param space    the searched hyperparameters
 * @param grid     grid points per numeric parameter of the space (grid sampler only)
 * @param spark    extra Spark settings, {@code spark.*} keys
 */
public record SweepConfig(Path file, Study study, Data data, Model model, Training training, Map<String, Object> fixed,
                          ScheduleSpec schedule, Search search, SearchSpace space, Map<String, Integer> grid,
                          Map<String, String> spark) {

    /**
     * @param name   study name
     * @param output folder under which {@code NAME/} holds the tables: a local path (made absolute) or a Hadoop
     *               URI such as {@code hdfs://nn/sweeps} or {@code s3a://bucket/sweeps}
     */
    public record Study(String name, String output) {
        /** The study's folder, absolute. */
        public String directory() {
            String base = output.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*") ? output
                    : Path.of(output).toAbsolutePath().normalize().toString();
            return base.endsWith("/") ? base + name : base + "/" + name;
        }
    }

    /**
     * @param name      cifar10 or fashion-mnist
     * @param path      folder holding the files, if configured: a local path (the same on every node) or a Hadoop URI
     * @param download  whether to fetch from the official location when not found
     * @param trainSize training examples to use (all when empty)
     * @param testSize  test examples to use (all when empty)
     * @param subsetSeed seed of the subsets
     * @param augment   crop + flip on training batches
     * @param normalize per-channel normalization
     */
    /** The data set; {@code settings} are its own keys' values (defaults filled in). */
    public record Data(String name, Optional<String> path, boolean download, OptionalInt trainSize, OptionalInt testSize,
                       long subsetSeed, boolean augment, boolean normalize, Map<String, Object> settings) {
    }

    /** A registered network and its keys' values (defaults filled in). */
    public record Model(String name, Map<String, Object> settings) {
    }

    /**
     * @param engine        training engine
     * @param epochs        epochs per trial
     * @param seed          weight initialization, batch order, augmentation
     * @param linearScaling the linear scaling rule (Goyal et al. 2017): lr × batch / base_batch_size
     * @param baseBatchSize the batch size the configured lr is meant for, with linear scaling
     * @param swa           stochastic weight averaging, if configured
     * @param device        where trials train given the GPU Spark assigns ({@code training.device})
     */
    public record Training(String engine, int epochs, long seed, boolean linearScaling, OptionalInt baseBatchSize,
                           Optional<SwaSpec> swa, io.sparkhpo.executors.train.Device device) {
    }

    /**
     * @param sampler         a registered sampler's name ({@code Samplers})
     * @param trials          number of trials
     * @param parallelism     trials in flight at once; empty: as many as the task slots (cores in local mode)
     * @param seed            the sampler's seed
     * @param objectives      the values told to the study: one ({@code search.objective}, minimized) or several
     *                        ({@code search.objectives} with {@code search.directions}: a Pareto front)
     * @param samplerSettings the sampler's own settings, defaults filled in
     * @param pruner          stops trials between epochs ({@code Pruner.NONE}: never)
     * @param segmentEpochs   epochs per Spark job of a trial, with a checkpoint between jobs; 0: the whole trial in
     *                        one job (1 whenever a pruner is set, so it can judge every epoch)
     * @param autoResume      {@code search.resume = auto}: a sweep that finds its own journal in the study folder
     *                        continues it (as {@code --resume} does), so a restarted driver resumes by itself
     * @param maxTrialRetries how often a trial's task is run again after a failure that may pass (a lost executor, an
     *                        I/O error), each time from its last checkpoint; failures that would repeat (bad input,
     *                        a diverged loss, an exception or out-of-memory error inside the trial) are never retried
     * @param warmStart       earlier studies' folders whose completed trials the sampler sees first
     *                        ({@code search.warm_start}); empty: none
     * @param pbt             population-based training's settings with {@code search.strategy = pbt}; empty otherwise
     */
    public record Search(String sampler, int trials, OptionalInt parallelism, long seed, java.util.List<io.sparkhpo.driver.tables.Objective> objectives,
                         java.util.Map<String, Object> samplerSettings, io.sparkhpo.search.pruner.Pruner pruner,
                         int segmentEpochs, boolean autoResume, int maxTrialRetries, java.util.List<String> warmStart,
                         java.util.Optional<io.sparkhpo.search.pbt.Pbt.Settings> pbt) {

        /** The first objective: the only one of a single-objective study, and the trials table's {@code objective}. */
        public io.sparkhpo.driver.tables.Objective objective() {
            return objectives.get(0);
        }

        public boolean multiObjective() {
            return objectives.size() > 1;
        }

        public java.util.List<io.sparkhpo.search.trial.Direction> directions() {
            return objectives.stream().map(io.sparkhpo.driver.tables.Objective::direction).toList();
        }
    }
}
