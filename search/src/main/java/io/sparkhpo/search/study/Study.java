package io.sparkhpo.search.study;

import io.sparkhpo.search.trial.Direction;
import io.sparkhpo.search.pruner.Pruner;
import io.sparkhpo.search.sampler.Sampler;
import io.sparkhpo.search.space.SearchSpace;
import io.sparkhpo.search.storage.Storage;
import io.sparkhpo.search.trial.Outcome;
import io.sparkhpo.search.trial.Trial;
import io.sparkhpo.search.trial.TrialHistory;
import io.sparkhpo.search.trial.TrialSnapshot;
import io.sparkhpo.search.trial.TrialState;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An ask/tell hyperparameter study (Optuna's {@code Study.ask}/{@code tell}).
 *
 * <p>{@link #ask()} numbers trials 0, 1, 2, ... and gives them parameters: first a trial that a dead process left
 * RUNNING (when the storage retries them), then an enqueued parameter set, else the sampler's choice. While a
 * trial runs, {@link #report} records intermediate values and {@link #shouldPrune} asks the pruner; {@link #tell}
 * records how it ended. Any number of trials may be running at once, told in any order. Thread-safe: every method
 * that changes the study holds its lock, so the sampler and pruner see one call at a time.
 */
public final class Study {

    private final String name;
    private final List<Direction> directions;
    private final Direction direction;
    private final SearchSpace space;
    private final Sampler sampler;
    private final Pruner pruner;
    private final Storage storage;
    /** Finished trials of earlier studies that the sampler sees first ({@link #warmStart}); never stored. */
    private volatile List<TrialSnapshot> warm = List.of();

    public Study(String name, Direction direction, SearchSpace space, Sampler sampler, Storage storage) {
        this(name, direction, space, sampler, Pruner.NONE, storage);
    }

    public Study(String name, Direction direction, SearchSpace space, Sampler sampler, Pruner pruner, Storage storage) {
        this(name, List.of(Objects.requireNonNull(direction, "Study.direction")), space, sampler, pruner, storage);
    }

    /**
     * A study of one objective per direction (Optuna's {@code directions}): every COMPLETE trial is told that many
     * values. With more than one there is no single best trial ({@link #bestTrials()} is the Pareto front), and no
     * pruner: pruners judge one value.
     */
    public Study(String name, List<Direction> directions, SearchSpace space, Sampler sampler, Pruner pruner, Storage storage) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Study.name must be non-blank, got '" + name + "'");
        }
        this.name = name;
        this.directions = List.copyOf(directions);
        if (this.directions.isEmpty()) {
            throw new IllegalArgumentException("Study.directions must hold at least one direction");
        }
        if (this.directions.size() > 1 && pruner != Pruner.NONE) {
            throw new IllegalArgumentException("Study " + name + ": a study of " + this.directions.size()
                    + " objectives cannot be pruned (a pruner judges one value), got " + pruner);
        }
        this.direction = this.directions.get(0);
        this.space = Objects.requireNonNull(space, "Study.space");
        this.sampler = Objects.requireNonNull(sampler, "Study.sampler");
        this.pruner = Objects.requireNonNull(pruner, "Study.pruner");
        this.storage = Objects.requireNonNull(storage, "Study.storage");
    }

    public String name() {
        return name;
    }

    public Direction direction() {
        return direction;
    }

    public List<Direction> directions() {
        return directions;
    }

    public SearchSpace space() {
        return space;
    }

    public Sampler sampler() {
        return sampler;
    }

    public Pruner pruner() {
        return pruner;
    }

    /** The history samplers and pruners see: the stored trials, with this study's direction. */
    public TrialHistory history() {
        return TrialHistory.of(storage.trials(), directions);
    }

    /** The next trial to run, recorded as RUNNING (see the class comment for where its parameters come from). */
    public synchronized Trial ask() {
        OptionalInt orphan = storage.takeOrphan();
        if (orphan.isPresent()) {
            TrialSnapshot t = storage.trials().get(orphan.getAsInt());
            return new Trial(t.number(), t.params());
        }
        List<TrialSnapshot> trials = storage.trials();
        int number = trials.size();
        List<Map<String, Object>> queue = storage.queued();
        boolean fromQueue = !queue.isEmpty();
        Map<String, Object> params = fromQueue ? queue.get(0)
                : sampler.sample(space, number, TrialHistory.of(withWarmStart(trials), directions));
        space.validate(params);
        Trial trial = new Trial(number, params);
        storage.add(trial, fromQueue);
        return trial;
    }

    /**
     * Gives the sampler finished trials of earlier studies (Optuna's {@code add_trials}): every later {@link #ask()}
     * sees them before this study's own trials, as COMPLETE trials numbered -1, -2, ... (so that no sampler mistakes
     * one for a trial of this study). They are not stored, not run and not shown to the pruner; a resumed study is
     * given them again. Replaces any earlier warm start.
     *
     * @param params each trial's parameters: every active parameter of the space, inside it
     * @param values each trial's objective value, in this study's direction
     * @throws IllegalArgumentException naming the trial and parameter that does not fit the space
     */
    public synchronized void warmStart(List<Map<String, Object>> params, double[] values) {
        warmStart(params, java.util.Arrays.stream(values).mapToObj(List::of).toList());
    }

    /** {@link #warmStart(List, double[])} for a study of one or more objectives: each trial's values, in order. */
    public synchronized void warmStart(List<Map<String, Object>> params, List<List<Double>> values) {
        if (params.size() != values.size()) {
            throw new IllegalArgumentException("Study.warmStart: " + params.size() + " parameter sets but " + values.size()
                    + " values");
        }
        List<TrialSnapshot> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            List<Double> v = values.get(i);
            if (v.size() != directions.size() || v.stream().anyMatch(x -> !Double.isFinite(x))) {
                throw new IllegalArgumentException("Study.warmStart: trial " + i + " has the values " + v + " for "
                        + directions.size() + " objective(s)");
            }
            try {
                space.validate(params.get(i));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Study.warmStart: trial " + i + ": " + e.getMessage(), e);
            }
            out.add(new TrialSnapshot(-1 - i, TrialState.COMPLETE, params.get(i), java.util.OptionalDouble.of(v.get(0)),
                    Optional.empty(), new java.util.TreeMap<>(), v));
        }
        warm = List.copyOf(out);
    }

    /** The warm-start trials ({@link #warmStart}), numbered -1, -2, ... */
    public List<TrialSnapshot> warmStartTrials() {
        return warm;
    }

    private List<TrialSnapshot> withWarmStart(List<TrialSnapshot> trials) {
        if (warm.isEmpty()) {
            return trials;
        }
        List<TrialSnapshot> all = new ArrayList<>(warm);
        all.addAll(trials);
        return all;
    }

    /**
     * Queues a parameter set for a future {@link #ask()} (Optuna's {@code enqueue_trial}), e.g. a paper's defaults.
     * It must give every active parameter a value inside the space.
     *
     * @throws IllegalArgumentException naming the offending parameter
     */
    public synchronized void enqueue(Map<String, Object> params) {
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (String n : space.names()) {
            if (params.containsKey(n)) {
                ordered.put(n, params.get(n));
            }
        }
        for (String k : params.keySet()) {
            if (!ordered.containsKey(k)) {
                ordered.put(k, params.get(k));
            }
        }
        space.validate(ordered);
        storage.enqueue(ordered);
    }

    /** Records an intermediate value (e.g. the test error after epoch {@code step}) of a RUNNING trial. */
    public synchronized TrialSnapshot report(int number, int step, double value) {
        return storage.report(number, step, value);
    }

    /** Whether the pruner would stop trial {@code number} now, from its intermediate values and everyone else's. */
    public synchronized boolean shouldPrune(int number) {
        List<TrialSnapshot> trials = storage.trials();
        if (number < 0 || number >= trials.size()) {
            throw new IllegalArgumentException("Study " + name + ": no trial " + number);
        }
        TrialSnapshot t = trials.get(number);
        if (t.state() != TrialState.RUNNING) {
            throw new IllegalStateException("Study " + name + ": trial " + number + " is " + t.state() + ", not RUNNING");
        }
        return pruner.prune(TrialHistory.of(trials, directions), t);
    }

    /** Records how trial {@code number} ended; returns its frozen snapshot. */
    public synchronized TrialSnapshot tell(int number, Outcome outcome) {
        Objects.requireNonNull(outcome, "Study.tell outcome");
        if (outcome instanceof Outcome.Complete c && c.values().size() != directions.size()) {
            throw new IllegalArgumentException("Study " + name + ": trial " + number + " told " + c.values().size()
                    + " value(s) for " + directions.size() + " objective(s)");
        }
        return storage.finish(number, outcome);
    }

    public List<TrialSnapshot> trials() {
        return storage.trials();
    }

    /** The COMPLETE trials no other COMPLETE trial dominates (the Pareto front), in number order. */
    public List<TrialSnapshot> bestTrials() {
        List<TrialSnapshot> done = storage.trials().stream().filter(t -> t.state() == TrialState.COMPLETE).toList();
        int[] ranks = io.sparkhpo.search.pareto.Pareto.ranks(io.sparkhpo.search.pareto.Pareto.minimized(done, directions));
        List<TrialSnapshot> front = new ArrayList<>();
        for (int i = 0; i < ranks.length; i++) {
            if (ranks[i] == 0) {
                front.add(done.get(i));
            }
        }
        return front;
    }

    /**
     * The COMPLETE trial with the best value (ties: the lowest number), if any trial completed.
     *
     * @throws IllegalStateException for a multi-objective study (see {@link #bestTrials()})
     */
    public Optional<TrialSnapshot> bestTrial() {
        if (directions.size() > 1) {
            throw new IllegalStateException("Study " + name + " has " + directions.size() + " objectives: its best trials "
                    + "are a Pareto front (bestTrials())");
        }
        Comparator<TrialSnapshot> byValue = Comparator.comparingDouble(t -> t.value().getAsDouble());
        if (direction == Direction.MAXIMIZE) {
            byValue = byValue.reversed();
        }
        return storage.trials().stream()
                .filter(t -> t.state() == TrialState.COMPLETE)
                .min(byValue.thenComparingInt(TrialSnapshot::number));
    }

    /**
     * The trials as a table (Optuna's {@code trials_dataframe}): columns {@code number, state, value, last_step,
     * last_intermediate, message} then {@code params_<name>} for every parameter of the space, in order; an inactive
     * or missing value is null.
     */
    public List<Map<String, Object>> trialsTable() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (TrialSnapshot t : storage.trials()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("number", t.number());
            row.put("state", t.state().name());
            row.put("value", t.value().isPresent() ? t.value().getAsDouble() : null);
            row.put("last_step", t.lastStep().isPresent() ? t.lastStep().getAsInt() : null);
            row.put("last_intermediate", t.intermediate().isEmpty() ? null : t.intermediate().lastEntry().getValue());
            row.put("message", t.message().orElse(null));
            for (String p : space.names()) {
                row.put("params_" + p, t.params().get(p));
            }
            rows.add(row);
        }
        return rows;
    }

    /** {@link #trialsTable()} as CSV (RFC 4180 quoting; empty cells for nulls). */
    public void writeCsv(Writer out) throws IOException {
        List<String> columns = new ArrayList<>(List.of("number", "state", "value", "last_step", "last_intermediate", "message"));
        space.names().forEach(p -> columns.add("params_" + p));
        out.write(String.join(",", columns));
        out.write("\n");
        for (Map<String, Object> row : trialsTable()) {
            List<String> cells = new ArrayList<>();
            for (String c : columns) {
                Object v = row.get(c);
                String s = v == null ? "" : v.toString();
                if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
                    s = "\"" + s.replace("\"", "\"\"") + "\"";
                }
                cells.add(s);
            }
            out.write(String.join(",", cells));
            out.write("\n");
        }
    }
}
