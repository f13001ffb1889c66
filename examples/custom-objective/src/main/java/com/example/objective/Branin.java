package com.example.objective;

import io.sparkhpo.api.Objective;
import io.sparkhpo.api.TrialContext;

/**
 * The Branin function, a classic test of hyperparameter optimizers: minimum 0.397887 at (−π, 12.275), (π, 2.275)
 * and (9.42478, 2.475), for x1 in [−5, 10] and x2 in [0, 15].
 */
public final class Branin implements Objective {

    @Override
    public double evaluate(TrialContext t) {
        double x1 = t.getDouble("x1");
        double x2 = t.getDouble("x2");
        double b = 5.1 / (4 * Math.PI * Math.PI);
        double c = 5 / Math.PI;
        double s = 1 / (8 * Math.PI);
        return Math.pow(x2 - b * x1 * x1 + c * x1 - 6, 2) + 10 * (1 - s) * Math.cos(x1) + 10;
    }
}
