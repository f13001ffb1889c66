package io.sparkhpo.driver.bench;

import io.sparkhpo.api.Objective;
import io.sparkhpo.api.TrialContext;

import java.io.Serializable;

/**
 * {@code bench-dispatch}'s synthetic objective: {@code steps} steps of {@code sleep_ms / steps} milliseconds each,
 * reporting after each; returns (x − 0.5)².
 */
public final class SleepObjective implements Objective, Serializable {

    private static final long serialVersionUID = 1L;

    @Override
    public double evaluate(TrialContext t) throws InterruptedException {
        double x = t.getDouble("x");
        long steps = t.getLong("steps");
        long nanos = t.getLong("sleep_ms") * 1_000_000L / steps;
        double v = (x - 0.5) * (x - 0.5);
        for (int s = 1; s <= steps; s++) {
            long end = System.nanoTime() + nanos;
            while (System.nanoTime() < end) {
                Thread.sleep(Math.max(0, (end - System.nanoTime()) / 1_000_000L), (int) (Math.max(0, end - System.nanoTime()) % 1_000_000L));
            }
            t.report(s, v + 1.0 / s);
        }
        return v;
    }
}
