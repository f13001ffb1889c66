package io.sparkhpo.search.space;

import java.util.List;

/**
 * The set of values one hyperparameter may take. Immutable and thread-safe.
 *
 * <p>Values are {@code Double} for {@link FloatDistribution}, {@code Long} for {@link IntDistribution} and
 * {@code String}, {@code Double}, {@code Long} or {@code Boolean} for {@link CategoricalDistribution}.
 */
public sealed interface Distribution permits FloatDistribution, IntDistribution, CategoricalDistribution {

    /** Whether {@code value} is one this distribution can produce. */
    boolean contains(Object value);

    /**
     * Maps a point {@code u} of the unit interval [0, 1) to a value, uniformly on the distribution's own
     * scale (logarithmic for {@code log = true}). Samplers draw {@code u}; this method owns the geometry.
     */
    Object fromUnit(double u);

    /**
     * The inverse of {@link #fromUnit}: a point of [0, 1] that maps to {@code value} (the centre of its cell for
     * discrete values). Samplers that model the unit cube (CMA-ES) use it to read trials back.
     */
    double toUnit(Object value);

    /**
     * The values a grid search visits: {@code points} evenly spaced values on the distribution's scale,
     * both ends included (for categoricals, every choice; {@code points} is ignored).
     *
     * @throws IllegalArgumentException if {@code points < 1}, or {@code points == 1} with {@code low != high}
     */
    List<Object> grid(int points);
}
