package io.sparkhpo.search.space;

import java.util.ArrayList;
import java.util.List;

/**
 * A real-valued hyperparameter in [low, high], uniform on a linear or (with {@code log}) logarithmic scale.
 *
 * @param low  smallest value; must be {@code > 0} when {@code log}
 * @param high largest value, {@code >= low}
 * @param log  whether values are uniform in {@code log(value)}
 */
public record FloatDistribution(double low, double high, boolean log) implements Distribution {

    public FloatDistribution {
        if (!Double.isFinite(low) || !Double.isFinite(high)) {
            throw new IllegalArgumentException("FloatDistribution bounds must be finite, got low=" + low + ", high=" + high);
        }
        if (low > high) {
            throw new IllegalArgumentException("FloatDistribution.low must be <= high, got low=" + low + ", high=" + high);
        }
        if (log && low <= 0) {
            throw new IllegalArgumentException("FloatDistribution.low must be > 0 when log=true, got " + low);
        }
    }

    @Override
    public boolean contains(Object value) {
        return value instanceof Double d && d >= low && d <= high;
    }

    @Override
    public Double fromUnit(double u) {
        double v = log ? Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low))) : low + u * (high - low);
        return Math.min(high, Math.max(low, v)); // exp/log round-off must not leave [low, high]
    }

    @Override
    public List<Object> grid(int points) {
        checkPoints(points, low == high);
        List<Object> values = new ArrayList<>(points);
        for (int i = 0; i < points; i++) {
            double u = points == 1 ? 0.0 : (double) i / (points - 1);
            double v = log ? Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low))) : low + u * (high - low);
            values.add(i == points - 1 ? high : (i == 0 ? low : v));
        }
        return List.copyOf(values);
    }

    static void checkPoints(int points, boolean degenerate) {
        if (points < 1 || (points == 1 && !degenerate)) {
            throw new IllegalArgumentException("grid points must be >= 2 (or 1 when low == high), got " + points);
        }
    }
}
