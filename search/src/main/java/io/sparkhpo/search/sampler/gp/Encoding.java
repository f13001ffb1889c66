package io.sparkhpo.search.sampler.gp;

import io.sparkhpo.search.space.CategoricalDistribution;
import io.sparkhpo.search.space.Distribution;
import io.sparkhpo.search.space.SearchSpace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The GP's coordinates for a search space: one dimension per unconditional parameter; a numeric one on [0, 1] by
 * its distribution's unit scale ({@link Distribution#toUnit}: log parameters in log space, integers and steps by
 * their cells, so a value snaps back to the grid), a categorical one as its choice's index. Conditional parameters
 * are not modelled (the sampler draws them independently).
 */
public final class Encoding {

    private final List<String> names = new ArrayList<>();
    private final List<Distribution> dists = new ArrayList<>();
    private final boolean[] categorical;
    private final int[] choices;

    public Encoding(SearchSpace space) {
        for (Map.Entry<String, Distribution> e : space.params().entrySet()) {
            if (!space.conditions().containsKey(e.getKey())) {
                names.add(e.getKey());
                dists.add(e.getValue());
            }
        }
        categorical = new boolean[names.size()];
        choices = new int[names.size()];
        for (int i = 0; i < names.size(); i++) {
            if (dists.get(i) instanceof CategoricalDistribution c) {
                categorical[i] = true;
                choices[i] = c.choices().size();
            }
        }
    }

    public int dims() {
        return names.size();
    }

    public List<String> names() {
        return names;
    }

    public boolean[] categorical() {
        return categorical;
    }

    public int[] choices() {
        return choices;
    }

    /** Whether a trial's parameters hold every modelled one. */
    public boolean covers(Map<String, Object> params) {
        return params.keySet().containsAll(names);
    }

    public double[] encode(Map<String, Object> params) {
        double[] x = new double[names.size()];
        for (int i = 0; i < x.length; i++) {
            Object v = params.get(names.get(i));
            x[i] = categorical[i] ? ((CategoricalDistribution) dists.get(i)).choices().indexOf(v) : dists.get(i).toUnit(v);
        }
        return x;
    }

    /**
     * The modelled values, and each active parameter they lack (a conditional one) drawn uniformly on its scale from
     * {@code rng} (one draw per parameter of the space, in its order), in the space's order.
     */
    public static Map<String, Object> withUnmodelled(SearchSpace space, Map<String, Object> modelled, java.util.SplittableRandom rng) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (Map.Entry<String, Distribution> e : space.params().entrySet()) {
            double u = rng.nextDouble();
            if (modelled.containsKey(e.getKey())) {
                params.put(e.getKey(), modelled.get(e.getKey()));
            } else if (space.isActive(e.getKey(), params)) {
                params.put(e.getKey(), e.getValue().fromUnit(u));
            }
        }
        return params;
    }

    public Map<String, Object> decode(double[] x) {
        Map<String, Object> p = new LinkedHashMap<>();
        for (int i = 0; i < x.length; i++) {
            Distribution d = dists.get(i);
            p.put(names.get(i), categorical[i] ? ((CategoricalDistribution) d).choices().get((int) x[i])
                    : d.fromUnit(Math.min(Math.max(x[i], 0), Math.nextDown(1.0))));
        }
        return p;
    }
}
