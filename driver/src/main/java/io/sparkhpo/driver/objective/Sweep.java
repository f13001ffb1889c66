package io.sparkhpo.driver.objective;

import io.sparkhpo.api.MultiObjective;
import io.sparkhpo.api.Objective;
import io.sparkhpo.driver.config.ObjectiveSweepConfig;
import io.sparkhpo.driver.config.SweepConfig;
import io.sparkhpo.driver.runner.Done;
import io.sparkhpo.driver.config.ObjectiveSource;
import io.sparkhpo.search.pruner.Pruner;
import io.sparkhpo.search.registry.Param;
import io.sparkhpo.search.sampler.Samplers;
import io.sparkhpo.search.space.Distribution;
import io.sparkhpo.search.space.SearchSpace;
import io.sparkhpo.search.trial.Direction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A sweep of a user's objective from code (spark-shell, a notebook, an application), the same object a config with
 * an {@code objective} section is read into, run the same way:
 *
 * <pre>{@code
 * Sweep.Outcome out = Sweep.builder()
 *         .study("lr-sweep", "runs")
 *         .space(SearchSpace.builder().add("lr", new FloatDistribution(1e-5, 1e-1, true, 0)).build())
 *         .objective(new MyObjective())
 *         .sampler("tpe").trials(200).parallelism(16)
 *         .run(spark);
 * out.trials().show();
 * }</pre>
 */
public final class Sweep {

    private Sweep() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * What a sweep left: its folder and tables.
     *
     * @param directory the study folder
     * @param result    what the run measured
     */
    public record Outcome(String directory, ObjectiveSweep.Result result, SparkSession spark, List<Direction> directions) {

        /** The trials table, as Spark reads it (every trial of the study, earlier runs' of a resumed one too). */
        public Dataset<Row> trials() {
            return spark.read().parquet(directory + "/trials");
        }

        /** The epochs table: every report. */
        public Dataset<Row> epochs() {
            return spark.read().parquet(directory + "/epochs");
        }

        /** The best completed trial's row (by the first objective, in its direction). */
        public Optional<Map<String, Object>> best() {
            double sign = directions.get(0) == Direction.MAXIMIZE ? -1 : 1;
            return result.trials().stream().filter(r -> io.sparkhpo.search.trial.TrialState.COMPLETE.name().equals(r.get("state")))
                    .min(java.util.Comparator.comparingDouble(r -> sign * ((Number) r.get("objective")).doubleValue()));
        }
    }

    /** Builds an {@link ObjectiveSweepConfig}; the defaults are a config file's. */
    public static final class Builder {
        private String name;
        private String output = "runs";
        private ObjectiveSource objective;
        private SearchSpace space = SearchSpace.builder().build();
        private final Map<String, Object> fixed = new LinkedHashMap<>();
        private String sampler = Samplers.DEFAULT;
        private final Map<String, Object> samplerSettings = new LinkedHashMap<>();
        private int trials;
        private OptionalInt parallelism = OptionalInt.empty();
        private long seed;
        private List<Direction> directions = List.of(Direction.MINIMIZE);
        private List<String> names = List.of(Done.VALUE);
        private Pruner pruner = Pruner.NONE;
        private int maxSteps = 1;
        private boolean overwrite;
        private boolean resume;
        private int retries = 2;
        private final Map<String, String> spark = new LinkedHashMap<>();
        private PrintStream err = System.err;

        /** The study's name and the folder under which its folder goes (a local path or a Hadoop URI). */
        public Builder study(String name, String output) {
            this.name = name;
            this.output = output;
            return this;
        }

        /** An instance, shipped to the executors: it must be {@link java.io.Serializable}. */
        public Builder objective(Objective o) {
            this.objective = ObjectiveSource.of(o);
            return this;
        }

        /** A multi-objective instance; name its values with {@link #objectives}. */
        public Builder objective(MultiObjective o) {
            this.objective = ObjectiveSource.of(o);
            return this;
        }

        /** By class name (public, with a public no-argument constructor), made afresh for every trial. */
        public Builder objectiveClass(String className) {
            this.objective = ObjectiveSource.ofClass(className);
            return this;
        }

        public Builder space(SearchSpace space) {
            this.space = space;
            return this;
        }

        /** A value every trial gets, not searched. */
        public Builder fixed(String key, Object value) {
            fixed.put(key, value instanceof Integer i ? (Object) i.longValue() : value);
            return this;
        }

        public Builder sampler(String name) {
            this.sampler = name;
            return this;
        }

        public Builder samplerSetting(String key, Object value) {
            samplerSettings.put(key, value);
            return this;
        }

        public Builder trials(int n) {
            this.trials = n;
            return this;
        }

        public Builder parallelism(int n) {
            this.parallelism = OptionalInt.of(n);
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder direction(Direction d) {
            this.directions = List.of(d);
            this.names = List.of(Done.VALUE);
            return this;
        }

        /** Several objectives, by the names a {@link MultiObjective} returns, each with its direction. */
        public Builder objectives(List<String> names, List<Direction> directions) {
            if (names.size() != directions.size() || names.size() < 2) {
                throw new IllegalArgumentException("objectives: give two or more names and one direction each, got "
                        + names + " and " + directions);
            }
            this.names = List.copyOf(names);
            this.directions = List.copyOf(directions);
            return this;
        }

        /** A pruner from the registry by name and settings, over steps up to {@code maxSteps}. */
        public Builder pruner(String pruner, Map<String, Object> settings, int maxSteps) {
            Pruners p = new Pruners(pruner, settings);
            this.maxSteps = maxSteps;
            this.pruner = p.create(maxSteps);
            return this;
        }

        public Builder maxTrialRetries(int n) {
            this.retries = n;
            return this;
        }

        public Builder overwrite(boolean overwrite) {
            this.overwrite = overwrite;
            return this;
        }

        public Builder resume(boolean resume) {
            this.resume = resume;
            return this;
        }

        public Builder sparkConf(String key, String value) {
            spark.put(key, value);
            return this;
        }

        public Builder progress(PrintStream err) {
            this.err = err;
            return this;
        }

        /** The sweep's definition, checked. */
        public ObjectiveSweepConfig build() {
            if (name == null || objective == null || trials < 1) {
                throw new IllegalArgumentException("Sweep.builder(): study(..), objective(..) and trials(n >= 1) are "
                        + "required");
            }
            boolean multi = objective.multi(Thread.currentThread().getContextClassLoader());
            if (multi != (names.size() > 1)) {
                throw new IllegalArgumentException(multi ? "a MultiObjective needs objectives(names, directions)"
                        : "objectives(names, directions) is for a MultiObjective; " + objective.className()
                        + " returns one value");
            }
            Samplers.Type type = Samplers.get(sampler);
            Map<String, Object> settings = withDefaults(type.settings(), samplerSettings, "the " + sampler + " sampler");
            Map<String, Integer> grid = new LinkedHashMap<>();
            for (Map.Entry<String, Distribution> e : space.params().entrySet()) {
                grid.put(e.getKey(), 5);
            }
            ObjectiveSweepConfig.Search search = new ObjectiveSweepConfig.Search(sampler, trials, parallelism, seed,
                    directions, settings, pruner, true, retries, java.util.Optional.empty());
            return new ObjectiveSweepConfig(null, new SweepConfig.Study(name, output), objective, fixed, maxSteps, search,
                    space, type.enumerates() ? grid : Map.of(), spark, new ArrayList<>(names));
        }

        /**
         * Runs it on {@code spark}, or, when null, on an embedded session ({@code local[parallelism]}, or the one
         * spark-submit configured) that it starts; either is left running, for the outcome's tables.
         */
        public Outcome run(SparkSession spark) {
            ObjectiveSweepConfig cfg = build();
            SparkSession s = spark != null ? spark : io.sparkhpo.driver.runtime.SparkSessions.start("sparkhpo " + name,
                    Math.max(1, Math.min(trials, parallelism.orElse(Runtime.getRuntime().availableProcessors()))),
                    retries, cfg.spark(), b -> { });
            ObjectiveSweep.Result r = ObjectiveSweep.run(cfg, new ObjectiveSweep.Options(overwrite, parallelism, resume), err);
            return new Outcome(r.directory(), r, s, directions);
        }
    }

    /** A pruner by its registry name. */
    private record Pruners(String name, Map<String, Object> settings) {
        Pruner create(int maxSteps) {
            io.sparkhpo.search.pruner.Pruners.Type t = io.sparkhpo.search.pruner.Pruners.get(name);
            return t.create(withDefaults(t.settings(), settings, "the " + name + " pruner"), maxSteps);
        }
    }

    /**
     * A component's settings: each given one (integers as {@code Long}), else its default; a required one missing, or
     * one its {@link Param} refuses, is an error.
     */
    private static Map<String, Object> withDefaults(List<Param> settings, Map<String, Object> given, String owner) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Param s : settings) {
            Object v = given.containsKey(s.key()) ? given.get(s.key()) : s.defaultValue().orElse(null);
            if (v == null) {
                throw new IllegalArgumentException(owner + " needs " + s.key());
            }
            out.put(s.key(), s.checked(owner, v));
        }
        return out;
    }
}
