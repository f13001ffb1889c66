package io.sparkhpo.driver.config;

import io.sparkhpo.driver.tables.Objective;
import io.sparkhpo.driver.tables.StudyTables;
import io.sparkhpo.search.sampler.Samplers;
import io.sparkhpo.search.trial.Direction;

import java.util.ArrayList;
import java.util.List;

/**
 * What a trial tells the study: {@code search.objective = NAME} (one value, minimized; {@code final_test_error} by
 * default), or {@code search.objectives = [NAME, ...]} with {@code search.directions = [minimize|maximize, ...]}
 * (several values: the study keeps a Pareto front). A name is a numeric column of the trials table that a trial's
 * result sets ({@link StudyTables#METRICS}).
 */
final class ObjectivesReader {

    private ObjectivesReader() {
    }

    static List<Objective> read(ConfigReader s, Samplers.Type sampler, SweepConfig.Training t) {
        if (s.has("directions") && !s.has("objectives")) {
            throw s.error("directions", "search.directions goes with search.objectives (one direction per objective); "
                    + "search.objective is always minimized");
        }
        if (!s.has("objectives")) {
            String name = (String) s.get(SweepKeys.OBJECTIVE);
            checkSwa(s, "objective", name, t);
            return List.of(new Objective(name, Direction.MINIMIZE));
        }
        if (s.has("objective")) {
            throw s.error("objectives", "search.objectives replaces search.objective: give one of them");
        }
        List<String> names = new ArrayList<>();
        for (Object o : s.scalarList("objectives")) {
            if (!(o instanceof String name) || !StudyTables.METRICS.contains(name) || names.contains(name)) {
                throw s.error("objectives", "search.objectives must list distinct columns of the trials table, each one of "
                        + StudyTables.METRICS + ", got " + (o instanceof String ? ConfigReader.quote((String) o) : o)
                        + (names.contains(o) ? " twice" : ""));
            }
            checkSwa(s, "objectives", name, t);
            names.add(name);
        }
        if (names.size() < 2) {
            throw s.error("objectives", "search.objectives needs two or more objectives, got " + names.size()
                    + " (for one, use search.objective = NAME)");
        }
        List<Direction> directions = directions(s, names.size());
        if (!sampler.multiObjective()) {
            throw s.error("objectives", "search.sampler = " + sampler.name() + " models one objective; with "
                    + "search.objectives use one of " + Samplers.REGISTRY.entries().stream().filter(Samplers.Type::multiObjective)
                    .map(Samplers.Type::name).toList());
        }
        List<Objective> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            out.add(new Objective(names.get(i), directions.get(i)));
        }
        return List.copyOf(out);
    }

    private static List<Direction> directions(ConfigReader s, int n) {
        List<Direction> out = new ArrayList<>();
        if (!s.has("directions")) {
            for (int i = 0; i < n; i++) {
                out.add(Direction.MINIMIZE);
            }
            return out;
        }
        List<Object> given = s.scalarList("directions");
        if (given.size() != n) {
            throw s.error("directions", "search.directions needs one direction per objective (" + n + "), got " + given.size());
        }
        for (Object o : given) {
            java.util.Optional<Direction> d = o instanceof String name ? Objective.direction(name) : java.util.Optional.empty();
            if (d.isEmpty()) {
                throw s.error("directions", "search.directions must hold " + Objective.DIRECTIONS + ", got "
                        + (o instanceof String ? ConfigReader.quote((String) o) : o));
            }
            out.add(d.get());
        }
        return out;
    }

    private static void checkSwa(ConfigReader s, String key, String name, SweepConfig.Training t) {
        if (name.startsWith("swa_") && t.swa().isEmpty()) {
            throw s.error(key, "search." + key + (key.equals("objective") ? " = " : " holds ") + name + " needs training.swa { start_epoch = ... }");
        }
    }
}
