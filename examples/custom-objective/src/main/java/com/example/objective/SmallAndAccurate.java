package com.example.objective;

import io.sparkhpo.api.MultiObjective;
import io.sparkhpo.api.TrialContext;

import java.io.IOException;
import java.util.Map;

/**
 * Two objectives from the same training as {@link TabularMlp}: the validation error and the network's size
 * ({@code parameters}), both to minimize, so the study keeps the front of the trade-off between them.
 */
public final class SmallAndAccurate implements MultiObjective {

    @Override
    public Map<String, Double> evaluate(TrialContext t) throws IOException {
        TabularMlp.Trained r = TabularMlp.train(t);
        return Map.of("error", r.error(), "parameters", (double) r.parameters());
    }
}
