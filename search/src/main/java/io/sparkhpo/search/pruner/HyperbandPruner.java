package io.sparkhpo.search.pruner;

import io.sparkhpo.search.trial.TrialHistory;
import io.sparkhpo.search.trial.TrialSnapshot;

/**
 * Hyperband (Li et al. 2017) over asynchronous successive halving, as Optuna's {@code HyperbandPruner}: trials are
 * spread over brackets {@code 0..n-1}, bracket {@code b} running successive halving with early-stopping rate
 * {@code b} (bracket 0 prunes most aggressively), and a trial competes only with trials of its own bracket. Brackets
 * get trials in proportion to Hyperband's budgets {@code ceil(n * η^s / (s + 1))}, {@code s = n - 1 - b}; a trial's
 * bracket is a fixed hash of its number, so a resumed study puts it in the same bracket.
 *
 * @param minResource     steps before the first rung of bracket 0
 * @param maxResource     the steps a trial trains when never pruned (e.g. the epochs)
 * @param reductionFactor η, {@code >= 2}
 */
public record HyperbandPruner(int minResource, int maxResource, int reductionFactor) implements Pruner {

    public HyperbandPruner {
        if (minResource < 1 || maxResource < minResource || reductionFactor < 2) {
            throw new IllegalArgumentException("HyperbandPruner: need 1 <= minResource <= maxResource and reductionFactor >= 2, got "
                    + minResource + ", " + maxResource + ", " + reductionFactor);
        }
    }

    /** Optuna's default η = 3. */
    public static HyperbandPruner of(int minResource, int maxResource) {
        return new HyperbandPruner(minResource, maxResource, 3);
    }

    /** floor(log_η(max / min)) + 1 brackets. */
    public int brackets() {
        int n = 1;
        long r = minResource;
        while (r * reductionFactor <= maxResource) {
            r *= reductionFactor;
            n++;
        }
        return n;
    }

    /** The bracket of trial {@code number}. */
    public int bracketOf(int number) {
        int n = brackets();
        long[] budgets = new long[n];
        long total = 0;
        for (int b = 0; b < n; b++) {
            int s = n - 1 - b;
            budgets[b] = (long) Math.ceil(n * Math.pow(reductionFactor, s) / (s + 1));
            total += budgets[b];
        }
        long h = Long.remainderUnsigned(mix(number), total);
        for (int b = 0; b < n; b++) {
            if (h < budgets[b]) {
                return b;
            }
            h -= budgets[b];
        }
        return n - 1;
    }

    @Override
    public boolean prune(TrialHistory history, TrialSnapshot trial) {
        int bracket = bracketOf(trial.number());
        SuccessiveHalvingPruner sh = new SuccessiveHalvingPruner(minResource, reductionFactor, bracket);
        return sh.prune(history, trial, n -> bracketOf(n) == bracket);
    }

    private static long mix(long x) {
        long z = x * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
