package io.sparkhpo.search.sampler;

import io.sparkhpo.search.space.Distribution;
import io.sparkhpo.search.space.SearchSpace;
import io.sparkhpo.search.trial.TrialHistory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Visits the Cartesian product of per-parameter value lists, in row-major order: the last parameter of the
 * space varies fastest. Trial {@code n} gets grid point {@code n}; asking past the last point is an error.
 *
 * <p>Each list comes from the grid given for that parameter; use {@link #fromSpace} to lay {@code points}
 * evenly spaced values (log-spaced for log distributions, as the AdamW paper's log2 grids) over each range.
 */
public final class GridSampler implements Sampler {

    private final Map<String, List<Object>> grid;
    private List<Map<String, Object>> conditional;

    /**
     * @param grid parameter name to the values to visit, non-empty lists; must name exactly the space's parameters
     */
    public GridSampler(Map<String, List<Object>> grid) {
        Map<String, List<Object>> copy = new LinkedHashMap<>();
        for (Map.Entry<String, List<Object>> e : grid.entrySet()) {
            if (e.getValue().isEmpty()) {
                throw new IllegalArgumentException("GridSampler: grid for '" + e.getKey() + "' must not be empty");
            }
            copy.put(e.getKey(), List.copyOf(e.getValue()));
        }
        this.grid = copy;
    }

    /** A grid with {@code points.get(name)} values for each numeric parameter and every choice of categoricals. */
    public static GridSampler fromSpace(SearchSpace space, Map<String, Integer> points) {
        Map<String, List<Object>> grid = new LinkedHashMap<>();
        for (Map.Entry<String, Distribution> e : space.params().entrySet()) {
            Integer n = points.get(e.getKey());
            grid.put(e.getKey(), e.getValue().grid(n == null ? 0 : n));
        }
        return new GridSampler(grid);
    }

    /** Parameter name to the values visited, in the space's order. */
    public Map<String, List<Object>> grid() {
        return java.util.Collections.unmodifiableMap(grid);
    }

    /** The number of grid points. */
    public long size() {
        long n = 1;
        for (List<Object> values : grid.values()) {
            n = Math.multiplyExact(n, values.size());
        }
        return n;
    }

    @Override
    public OptionalLong capacity(SearchSpace space) {
        return OptionalLong.of(size(space));
    }

    @Override
    public Map<String, Object> sample(SearchSpace space, int trialNumber, TrialHistory history) {
        if (!grid.keySet().equals(space.params().keySet())) {
            throw new IllegalArgumentException("GridSampler: grid parameters " + grid.keySet()
                    + " must equal the search space's " + space.names());
        }
        if (trialNumber >= size(space)) {
            throw new IllegalStateException("GridSampler: trial " + trialNumber + " is past the last of " + size(space)
                    + " grid points");
        }
        if (space.isConditional()) {
            return conditionalPoints(space).get(trialNumber);
        }
        return point(space, trialNumber);
    }

    private Map<String, Object> point(SearchSpace space, long trialNumber) {
        List<String> names = space.names();
        Object[] chosen = new Object[names.size()];
        long rest = trialNumber;
        for (int i = names.size() - 1; i >= 0; i--) {
            List<Object> values = grid.get(names.get(i));
            chosen[i] = values.get((int) (rest % values.size()));
            rest /= values.size();
        }
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            params.put(names.get(i), chosen[i]);
        }
        return params;
    }

    /**
     * A conditional space's grid: the Cartesian product with inactive parameters dropped, duplicates removed
     * (first occurrence kept), so {@code nus} values are visited only with {@code optimizer = qhadam}.
     */
    private synchronized List<Map<String, Object>> conditionalPoints(SearchSpace space) {
        if (conditional == null) {
            if (size() > 1_000_000) {
                throw new IllegalArgumentException("GridSampler: a conditional grid is limited to 1,000,000 raw points, got " + size());
            }
            java.util.LinkedHashSet<Map<String, Object>> points = new java.util.LinkedHashSet<>();
            for (long i = 0; i < size(); i++) {
                points.add(space.activeOnly(point(space, i)));
            }
            conditional = List.copyOf(points);
        }
        return conditional;
    }

    /** The number of distinct points this grid visits in {@code space} (fewer than {@link #size} when conditional). */
    public long size(SearchSpace space) {
        return space.isConditional() ? conditionalPoints(space).size() : size();
    }

    @Override
    public String toString() {
        return "GridSampler" + grid;
    }
}
