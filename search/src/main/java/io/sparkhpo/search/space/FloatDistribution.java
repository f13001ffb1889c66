package io.sparkhpo.search.space;

import java.util.ArrayList;
import java.util.List;

/**
 * A real-valued hyperparameter in [low, high], uniform on a linear or (with {@code log}) logarithmic scale, or
 * on the discrete grid {@code low, low + step, ..., high} (Optuna's {@code FloatDistribution(step=...)}).
 *
 * @param low  smallest value; must be {@code > 0} when {@code log}
 * @param high largest value, {@code >= low}
 * @param log  whether values are uniform in {@code log(value)}
 * @param step 0 for a continuous range, else the spacing of the allowed values ({@code high - low} a multiple of
 *             it, within 1e-9 relative; not with {@code log})
 */
public record FloatDistribution(double low, double high, boolean log, double step) implements Distribution {

    /** A continuous range. */
    public FloatDistribution(double low, double high, boolean log) {
        this(low, high, log, 0.0);
    }

    public FloatDistribution {
        if (!(step >= 0) || !Double.isFinite(step)) {
            throw new IllegalArgumentException("FloatDistribution.step must be >= 0 and finite, got " + step);
        }
        if (step > 0 && log) {
            throw new IllegalArgumentException("FloatDistribution: step and log=true cannot be combined, got step=" + step);
        }
        if (step > 0) {
            double k = (high - low) / step;
            if (Math.abs(k - Math.rint(k)) > 1e-9 * Math.max(1, k)) {
                throw new IllegalArgumentException("FloatDistribution: high - low must be a multiple of step, got low="
                        + low + ", high=" + high + ", step=" + step);
            }
        }
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
        if (!(value instanceof Double d) || !(d >= low && d <= high)) {
            return false;
        }
        return step == 0 || d.equals(snap(d));
    }

    /** Whether values are a discrete grid ({@code step > 0}). */
    public boolean stepped() {
        return step > 0;
    }

    /** The number of allowed values when stepped. */
    public long count() {
        return stepped() ? Math.round((high - low) / step) + 1 : Long.MAX_VALUE;
    }

    /** The allowed value nearest to {@code v} (for stepped ranges; {@code v} clamped into [low, high] otherwise). */
    public double snap(double v) {
        double c = Math.min(high, Math.max(low, v));
        if (step == 0) {
            return c;
        }
        long k = Math.round((c - low) / step);
        return k >= count() - 1 ? high : low + k * step;
    }

    @Override
    public Double fromUnit(double u) {
        if (stepped()) {
            long k = Math.min(count() - 1, (long) Math.floor(u * count()));
            return k == count() - 1 ? high : low + k * step;
        }
        double v = log ? Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low))) : low + u * (high - low);
        return Math.min(high, Math.max(low, v)); // exp/log round-off must not leave [low, high]
    }

    @Override
    public double toUnit(Object value) {
        double v = (Double) value;
        if (stepped()) {
            long k = Math.round((v - low) / step);
            return (k + 0.5) / count();
        }
        if (high == low) {
            return 0.5;
        }
        double u = log ? (Math.log(v) - Math.log(low)) / (Math.log(high) - Math.log(low)) : (v - low) / (high - low);
        return Math.min(1, Math.max(0, u));
    }

    @Override
    public List<Object> grid(int points) {
        checkPoints(points, low == high);
        List<Object> values = new ArrayList<>(points);
        for (int i = 0; i < points; i++) {
            double u = points == 1 ? 0.0 : (double) i / (points - 1);
            double v = log ? Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low))) : low + u * (high - low);
            double point = i == points - 1 ? high : (i == 0 ? low : snap(v));
            if (!values.contains(point)) {
                values.add(point);
            }
        }
        return List.copyOf(values);
    }

    static void checkPoints(int points, boolean degenerate) {
        if (points < 1 || (points == 1 && !degenerate)) {
            throw new IllegalArgumentException("grid points must be >= 2 (or 1 when low == high), got " + points);
        }
    }
}
