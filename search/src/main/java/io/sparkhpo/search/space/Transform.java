package io.sparkhpo.search.space;

/**
 * One parameter's geometry on the scale the model-based samplers work on (as Optuna's search-space transform serves
 * all its samplers): log parameters in log space; integers and stepped floats widened by half a step on each side,
 * so that every value owns an equal interval; categoricals as their choice's index. TPE's kernels and CMA-ES's
 * initial spread both use it.
 *
 * @param low      the lower bound on this scale
 * @param high     the upper bound on this scale
 * @param step     the step between values (0: continuous)
 * @param logScale whether the scale is the log of the value
 */
public record Transform(Distribution dist, double low, double high, double step, boolean logScale) {

    public static Transform of(Distribution d) {
        if (d instanceof FloatDistribution f) {
            if (f.stepped()) {
                return new Transform(d, f.low() - f.step() / 2, f.high() + f.step() / 2, f.step(), false);
            }
            return f.log() ? new Transform(d, Math.log(f.low()), Math.log(f.high()), 0, true)
                    : new Transform(d, f.low(), f.high(), 0, false);
        }
        if (d instanceof IntDistribution i) {
            if (i.log()) {
                return new Transform(d, Math.log(i.low() - 0.5 <= 0 ? i.low() : i.low() - 0.5), Math.log(i.high() + 0.5), 0, true);
            }
            return new Transform(d, i.low() - i.step() / 2.0, i.high() + i.step() / 2.0, i.step(), false);
        }
        return new Transform(d, 0, 0, 0, false);
    }

    /** The width of the range on this scale. */
    public double range() {
        return high - low;
    }

    public boolean categorical() {
        return dist instanceof CategoricalDistribution;
    }

    public int choices() {
        return ((CategoricalDistribution) dist).choices().size();
    }

    /** A parameter value to this scale (categoricals: the choice's index). */
    public double toScale(Object v) {
        if (dist instanceof CategoricalDistribution c) {
            return c.choices().indexOf(v);
        }
        double x = ((Number) v).doubleValue();
        return logScale ? Math.log(x) : x;
    }

    /** A point of this scale back to a value of the distribution. */
    public Object fromScale(double x) {
        if (dist instanceof CategoricalDistribution c) {
            return c.choices().get((int) x);
        }
        if (dist instanceof FloatDistribution f) {
            return f.stepped() ? f.snap(x) : f.snap(logScale ? Math.exp(x) : x);
        }
        IntDistribution i = (IntDistribution) dist;
        double v = logScale ? Math.exp(x) : x;
        long k = Math.round((v - i.low()) / i.step());
        return Math.min(i.high(), Math.max(i.low(), i.low() + k * i.step()));
    }
}
