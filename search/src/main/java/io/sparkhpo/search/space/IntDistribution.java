package io.sparkhpo.search.space;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An integer hyperparameter in [low, high], on a linear grid of {@code step} or uniform in {@code log(value)}.
 *
 * @param low  smallest value; {@code >= 1} when {@code log}
 * @param high largest value, {@code >= low}; {@code high - low} must be a multiple of {@code step}
 * @param log  whether values are uniform in {@code log(value)} (then {@code step} must be 1)
 * @param step distance between neighbouring values, {@code >= 1}
 */
public record IntDistribution(long low, long high, boolean log, long step) implements Distribution {

    public IntDistribution {
        if (low > high) {
            throw new IllegalArgumentException("IntDistribution.low must be <= high, got low=" + low + ", high=" + high);
        }
        if (step < 1) {
            throw new IllegalArgumentException("IntDistribution.step must be >= 1, got " + step);
        }
        if (log && low < 1) {
            throw new IllegalArgumentException("IntDistribution.low must be >= 1 when log=true, got " + low);
        }
        if (log && step != 1) {
            throw new IllegalArgumentException("IntDistribution.step must be 1 when log=true, got " + step);
        }
        if ((high - low) % step != 0) {
            throw new IllegalArgumentException("IntDistribution: high - low must be a multiple of step, got low="
                    + low + ", high=" + high + ", step=" + step);
        }
    }

    /** A linear integer range with step 1. */
    public static IntDistribution of(long low, long high) {
        return new IntDistribution(low, high, false, 1);
    }

    @Override
    public boolean contains(Object value) {
        return value instanceof Long v && v >= low && v <= high && (v - low) % step == 0;
    }

    @Override
    public Long fromUnit(double u) {
        if (log) {
            // uniform in log over [low - 0.5, high + 0.5] then rounded, as Optuna's IntDistribution(log=True)
            double lo = Math.log(low - 0.5 <= 0 ? low : low - 0.5);
            double hi = Math.log(high + 0.5);
            long v = Math.round(Math.exp(lo + u * (hi - lo)));
            return Math.min(high, Math.max(low, v));
        }
        long count = (high - low) / step + 1;
        long k = Math.min(count - 1, (long) Math.floor(u * count));
        return low + k * step;
    }

    @Override
    public double toUnit(Object value) {
        long v = (Long) value;
        if (log) {
            double lo = Math.log(low - 0.5 <= 0 ? low : low - 0.5);
            double hi = Math.log(high + 0.5);
            return Math.min(1, Math.max(0, (Math.log(v) - lo) / (hi - lo)));
        }
        long count = (high - low) / step + 1;
        return ((v - low) / step + 0.5) / count;
    }

    @Override
    public List<Object> grid(int points) {
        FloatDistribution.checkPoints(points, low == high);
        Set<Object> values = new LinkedHashSet<>();
        for (int i = 0; i < points; i++) {
            double u = points == 1 ? 0.0 : (double) i / (points - 1);
            double v = log ? Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low))) : low + u * (high - low);
            long snapped = low + Math.round((v - low) / step) * step;
            values.add(Math.min(high, Math.max(low, snapped)));
        }
        return List.copyOf(new ArrayList<>(values));
    }
}
