package io.sparkhpo.search.sampler;

import io.sparkhpo.search.space.SearchSpace;
import io.sparkhpo.search.trial.TrialHistory;

import java.util.Map;

/**
 * Chooses the parameters of a new trial.
 *
 * <p>Call order: the study calls {@link #sample} once per {@code ask()}, with trial numbers 0, 1, 2, ... in
 * order, and the history of every trial asked before (running ones included). Implementations must return
 * a value for every parameter of the space, inside its distribution, in the space's order.
 *
 * <p>Thread-safety: a study calls its sampler under its own lock, one call at a time; samplers need not be
 * thread-safe, but they must not keep state that the history cannot rebuild (a resumed study gives them a
 * fresh history and expects the same answers).
 */
public interface Sampler {

    Map<String, Object> sample(SearchSpace space, int trialNumber, TrialHistory history);

    /** How many trials this sampler can produce for {@code space}, if it is finite (a grid). */
    default java.util.OptionalLong capacity(SearchSpace space) {
        return java.util.OptionalLong.empty();
    }
}
