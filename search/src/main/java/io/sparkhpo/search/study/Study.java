package io.sparkhpo.search.study;

import io.sparkhpo.search.sampler.Sampler;
import io.sparkhpo.search.space.SearchSpace;
import io.sparkhpo.search.storage.Storage;
import io.sparkhpo.search.trial.Outcome;
import io.sparkhpo.search.trial.Trial;
import io.sparkhpo.search.trial.TrialSnapshot;
import io.sparkhpo.search.trial.TrialState;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An ask/tell hyperparameter study (Optuna's {@code Study.ask}/{@code tell}).
 *
 * <p>{@link #ask()} numbers trials 0, 1, 2, ... and has the sampler choose their parameters; {@link #tell}
 * records how each ended. Any number of trials may be running at once, told in any order. Thread-safe: both
 * methods hold the study's lock, so the sampler sees one call at a time.
 */
public final class Study {

    private final String name;
    private final Direction direction;
    private final SearchSpace space;
    private final Sampler sampler;
    private final Storage storage;

    public Study(String name, Direction direction, SearchSpace space, Sampler sampler, Storage storage) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Study.name must be non-blank, got '" + name + "'");
        }
        this.name = name;
        this.direction = Objects.requireNonNull(direction, "Study.direction");
        this.space = Objects.requireNonNull(space, "Study.space");
        this.sampler = Objects.requireNonNull(sampler, "Study.sampler");
        this.storage = Objects.requireNonNull(storage, "Study.storage");
    }

    public String name() {
        return name;
    }

    public Direction direction() {
        return direction;
    }

    public SearchSpace space() {
        return space;
    }

    /** Creates the next trial, with parameters from the sampler, and records it as RUNNING. */
    public synchronized Trial ask() {
        int number = storage.trials().size();
        Map<String, Object> params = sampler.sample(space, number, storage::trials);
        space.validate(params);
        Trial trial = new Trial(number, params);
        storage.add(trial);
        return trial;
    }

    /** Records how trial {@code number} ended; returns its frozen snapshot. */
    public synchronized TrialSnapshot tell(int number, Outcome outcome) {
        Objects.requireNonNull(outcome, "Study.tell outcome");
        return storage.finish(number, outcome);
    }

    public List<TrialSnapshot> trials() {
        return storage.trials();
    }

    /** The COMPLETE trial with the best value (ties: the lowest number), if any trial completed. */
    public Optional<TrialSnapshot> bestTrial() {
        Comparator<TrialSnapshot> byValue = Comparator.comparingDouble(t -> t.value().getAsDouble());
        if (direction == Direction.MAXIMIZE) {
            byValue = byValue.reversed();
        }
        return storage.trials().stream()
                .filter(t -> t.state() == TrialState.COMPLETE)
                .min(byValue.thenComparingInt(TrialSnapshot::number));
    }
}
