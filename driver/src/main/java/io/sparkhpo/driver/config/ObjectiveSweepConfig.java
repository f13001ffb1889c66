package io.sparkhpo.driver.config;

import io.sparkhpo.search.pruner.Pruner;
import io.sparkhpo.search.space.SearchSpace;
import io.sparkhpo.search.trial.Direction;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A validated sweep of a user's objective (docs/objective.md): what {@code objective.class} configs are read into,
 * and what {@code Sweep.builder()} builds, so both run the same way.
 *
 * @param file      the config file it was read from (for messages and the study's config copy); null when built in code
 * @param objective the objective: a class name, or an instance given in code
 * @param fixed     values every trial gets beside the sampled ones ({@code objective.params})
 * @param maxSteps  the largest step a trial reports ({@code objective.max_steps}): Hyperband's largest budget
 * @param names     the objectives' names: {@code value} for one, {@code search.objectives} for several
 * @param spark     extra Spark settings, {@code spark.*} keys
 */
public record ObjectiveSweepConfig(Path file, SweepConfig.Study study, ObjectiveSource objective,
                                   Map<String, Object> fixed, int maxSteps, Search search, SearchSpace space,
                                   Map<String, Integer> grid, Map<String, String> spark, List<String> names) {

    /** The name of a single objective's value (an {@code Objective}'s, not a {@code MultiObjective}'s). */
    public static final String VALUE = "value";

    public ObjectiveSweepConfig {
        fixed = Map.copyOf(fixed);
        grid = Map.copyOf(grid);
        spark = Map.copyOf(spark);
        names = List.copyOf(names);
    }

    /**
     * @param sampler         a registered sampler's name
     * @param trials          number of trials
     * @param parallelism     trials in flight; empty: the task slots (cores in local mode)
     * @param seed            the sampler's seed (and each trial's, mixed with its number)
     * @param directions      one per objective
     * @param samplerSettings the sampler's own settings, defaults filled in
     * @param pruner          judges each report ({@code Pruner.NONE}: never)
     * @param autoResume      {@code search.resume = auto}
     * @param maxTrialRetries how often a trial runs again after losing its executor
     * @param pbt             population-based training's settings ({@code search.strategy = pbt}); steps are reports
     */
    public record Search(String sampler, int trials, OptionalInt parallelism, long seed, List<Direction> directions,
                         Map<String, Object> samplerSettings, Pruner pruner, boolean autoResume, int maxTrialRetries,
                         java.util.Optional<io.sparkhpo.search.pbt.Pbt.Settings> pbt) {
        public Search {
            directions = List.copyOf(directions);
            samplerSettings = Map.copyOf(samplerSettings);
        }
    }

    /** The {@code objectives} column: {@code value:minimize}, or {@code loss:minimize,latency:minimize}. */
    public String describeObjectives() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            b.append(i == 0 ? "" : ",").append(names.get(i)).append(':')
                    .append(search.directions().get(i).name().toLowerCase(java.util.Locale.ROOT));
        }
        return b.toString();
    }

    /** Where messages say the config came from. */
    public String source() {
        return file == null ? "Sweep.builder()" : file.toString();
    }
}
