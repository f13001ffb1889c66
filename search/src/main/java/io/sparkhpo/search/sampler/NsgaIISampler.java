package io.sparkhpo.search.sampler;

import io.sparkhpo.search.pareto.Pareto;
import io.sparkhpo.search.space.SearchSpace;
import io.sparkhpo.search.trial.TrialHistory;
import io.sparkhpo.search.trial.TrialSnapshot;
import io.sparkhpo.search.trial.TrialState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * NSGA-II (Deb et al. 2002) as Optuna 3.1's {@code NSGAIISampler}: trials {@code g·N .. (g+1)·N - 1} form generation
 * {@code g} (population size {@code N}, default 50); generation 0 is drawn at random. The parents of generation
 * {@code g} are the elite of generation {@code g - 1}'s COMPLETE trials together with its own parents: whole
 * non-dominated fronts, best first, and of the front that does not fit, the points with the largest crowding
 * distances. A child takes, with probability 0.9, each parameter from one of two parents chosen by binary tournaments
 * (lower rank, then larger crowding distance) with equal odds (uniform crossover), else all from one such parent;
 * then each parameter is drawn afresh with probability {@code 1/d} (mutation), as is any the parents lack (an
 * inactive conditional one). A child equal to a trial already asked is bred again (up to 20 times, then drawn at
 * random), so parallel asks differ. Draws are seeded by (seed, trial number), and the parents are recomputed from
 * the history, so a resumed study asks the same.
 */
public final class NsgaIISampler implements Sampler {

    static final double CROSSOVER_PROB = 0.9;
    static final double SWAPPING_PROB = 0.5;

    private final long seed;
    private final int populationSize;
    private final RandomSampler random;

    public NsgaIISampler(long seed, int populationSize) {
        if (populationSize < 2) {
            throw new IllegalArgumentException("NsgaIISampler: populationSize must be >= 2, got " + populationSize);
        }
        this.seed = seed;
        this.populationSize = populationSize;
        this.random = new RandomSampler(seed);
    }

    public NsgaIISampler(long seed) {
        this(seed, 50);
    }

    @Override
    public Map<String, Object> sample(SearchSpace space, int trialNumber, TrialHistory history) {
        int generation = trialNumber / populationSize;
        List<Member> parents = parents(history, generation);
        Map<String, Object> fresh = random.sample(space, trialNumber, history);
        if (parents.isEmpty()) {
            return fresh;
        }
        java.util.Set<Map<String, Object>> taken = new java.util.HashSet<>();
        history.trials().forEach(t -> taken.add(t.params()));
        Map<String, Object> child = null;
        for (int attempt = 0; attempt < 20 && (child == null || taken.contains(child)); attempt++) {
            // a child equal to a trial already asked (two parallel asks copying one parent, say) is bred again
            child = child(space, parents, new SplittableRandom(RandomSampler.mix(seed ^ 0x45A2L ^ attempt, trialNumber)),
                    attempt == 0 ? fresh : random.sample(space, trialNumber + attempt * 1_000_003, history), trialNumber);
        }
        return taken.contains(child) ? fresh : child;
    }

    private Map<String, Object> child(SearchSpace space, List<Member> parents, SplittableRandom rng, Map<String, Object> fresh,
                                      int trialNumber) {
        Map<String, Object> a = tournament(parents, rng).trial.params();
        Map<String, Object> b = tournament(parents, rng).trial.params();
        boolean cross = rng.nextDouble() < CROSSOVER_PROB;
        double mutation = 1.0 / Math.max(1, space.names().size());
        Map<String, Object> child = new LinkedHashMap<>();
        for (String name : space.names()) {
            boolean fromB = cross && rng.nextDouble() < SWAPPING_PROB;
            boolean mutate = rng.nextDouble() < mutation;
            if (!space.isActive(name, child)) {
                continue;
            }
            Object inherited = (fromB ? b : a).get(name);
            child.put(name, mutate || inherited == null ? drawn(space, name, fresh, trialNumber) : inherited);
        }
        return child;
    }

    /** A fresh value of {@code name}: the random sampler's for this trial, or (if it left it out) a new draw. */
    private Object drawn(SearchSpace space, String name, Map<String, Object> fresh, int trialNumber) {
        if (fresh.containsKey(name)) {
            return fresh.get(name);
        }
        double u = new SplittableRandom(RandomSampler.mix(seed ^ name.hashCode(), trialNumber)).nextDouble();
        return space.get(name).fromUnit(u);
    }

    /** A COMPLETE trial with its rank and crowding distance among the parents. */
    record Member(TrialSnapshot trial, double[] point, int rank, double crowding) {
    }

    /** The elite parents of {@code generation} (empty for generation 0 or when nothing completed). */
    List<Member> parents(TrialHistory history, int generation) {
        List<TrialSnapshot> parents = List.of();
        for (int g = 1; g <= generation; g++) {
            int previous = g - 1;
            List<TrialSnapshot> pool = new ArrayList<>(parents);
            for (TrialSnapshot t : history.trials()) {
                if (t.number() >= 0 && t.number() / populationSize == previous && t.state() == TrialState.COMPLETE) {
                    pool.add(t);
                }
            }
            parents = elite(pool, history).stream().map(Member::trial).toList();
        }
        return parents.isEmpty() ? List.of() : rankAndCrowd(parents, history);
    }

    /** The best {@code populationSize} of {@code pool}: whole fronts, then the most crowded-apart of the next. */
    private List<Member> elite(List<TrialSnapshot> pool, TrialHistory history) {
        List<Member> ranked = rankAndCrowd(pool, history);
        ranked.sort(Comparator.comparingInt(Member::rank).thenComparing(Comparator.comparingDouble(Member::crowding).reversed())
                .thenComparingInt(m -> m.trial().number()));
        return ranked.subList(0, Math.min(populationSize, ranked.size()));
    }

    private static List<Member> rankAndCrowd(List<TrialSnapshot> trials, TrialHistory history) {
        List<double[]> points = Pareto.minimized(trials, history.directions());
        int[] ranks = Pareto.ranks(points);
        double[] crowding = new double[trials.size()];
        int maxRank = 0;
        for (int r : ranks) {
            maxRank = Math.max(maxRank, r);
        }
        for (int r = 0; r <= maxRank; r++) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < ranks.length; i++) {
                if (ranks[i] == r) {
                    idx.add(i);
                }
            }
            double[] d = Pareto.crowding(idx.stream().map(points::get).toList());
            for (int k = 0; k < idx.size(); k++) {
                crowding[idx.get(k)] = d[k];
            }
        }
        List<Member> out = new ArrayList<>();
        for (int i = 0; i < trials.size(); i++) {
            out.add(new Member(trials.get(i), points.get(i), ranks[i], crowding[i]));
        }
        return out;
    }

    /** The better of two parents drawn at random: lower rank, then larger crowding distance. */
    private static Member tournament(List<Member> parents, SplittableRandom rng) {
        Member x = parents.get(rng.nextInt(parents.size()));
        Member y = parents.get(rng.nextInt(parents.size()));
        if (x.rank() != y.rank()) {
            return x.rank() < y.rank() ? x : y;
        }
        return x.crowding() >= y.crowding() ? x : y;
    }
}
