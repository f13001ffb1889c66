package io.sparkhpo.driver.bench;

import org.hipparchus.stat.inference.MannWhitneyUTest;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code bench-search}'s table: per function, noise, budget, our sampler and the Optuna sampler it is compared with,
 * the best true values' median and quartiles over the seeds, a one-sided Mann-Whitney U test (Hipparchus) that ours
 * are lower, and a verdict; then a summary per pair of samplers.
 */
final class SearchTable {

    /** One (function, noise, sampler, side) cell: best-so-far traces, one per seed. */
    record Cell(String function, boolean noisy, String sampler, String side, List<double[]> traces, String error) {
    }

    private final List<String> functions;
    private final List<Integer> budgets;
    private final List<Cell> cells;

    SearchTable(List<String> functions, List<Integer> budgets, List<Cell> cells) {
        this.functions = functions;
        this.budgets = budgets;
        this.cells = cells;
    }

    /**
     * @param pairs our sampler key -> the Optuna sampler keys it is compared with; {@code learns} those that model
     *              the history (judged on quartiles; the others should match the reference's distribution)
     * @return the cells where ours is worse
     */
    int print(Map<String, List<String>> pairs, Map<String, Boolean> learns, PrintStream out) {
        String fmt = "%-9s %-5s %6s  %-7s %-7s %30s %30s %8s  %s%n";
        out.printf(Locale.ROOT, fmt, "function", "noise", "budget", "ours", "optuna", "ours: median [q1, q3]",
                "optuna: median [q1, q3]", "p(ours<)", "verdict");
        Map<String, int[]> summary = new LinkedHashMap<>(); // pair -> {cells, better, worse, significantly worse}
        int failures = 0;
        for (String f : functions) {
            for (boolean noisy : new boolean[]{false, true}) {
                for (int budget : budgets) {
                    for (Map.Entry<String, List<String>> e : pairs.entrySet()) {
                        for (String ref : e.getValue()) {
                            double[] o = values(f, noisy, e.getKey(), "ours", budget);
                            double[] p = values(f, noisy, ref, "optuna", budget);
                            double pv = o == null || p == null ? Double.NaN : pLower(o, p);
                            String verdict = verdict(learns.get(e.getKey()), e.getKey().equals(ref), o, p, pv);
                            int[] s = summary.computeIfAbsent(e.getKey() + " vs optuna " + ref, k -> new int[4]);
                            s[0]++;
                            s[1] += verdict.equals("better") ? 1 : 0;
                            s[2] += verdict.startsWith("WORSE") ? 1 : 0;
                            s[3] += !Double.isNaN(pv) && 1 - pv < 0.05 ? 1 : 0;
                            failures += verdict.startsWith("WORSE") ? 1 : 0;
                            out.printf(Locale.ROOT, fmt, f, noisy ? "noisy" : "none", budget, e.getKey(), ref,
                                    render(o == null ? null : quartiles(o)), render(p == null ? null : quartiles(p)),
                                    Double.isNaN(pv) ? "-" : String.format(Locale.ROOT, "%.3f", pv), verdict);
                        }
                    }
                }
            }
        }
        out.printf(Locale.ROOT, "p(ours<): one-sided Mann-Whitney U test that our best values are lower than Optuna's (small: "
                + "ours better). verdict for model-based samplers: \"better\" when our median is below Optuna's first quartile, "
                + "\"WORSE\" when our median is above Optuna's third quartile (the same sampler) or Optuna's values are "
                + "significantly lower (p(ours<) > 0.95; another sampler), else \"ok\"; random/sobol: \"same\" when the two "
                + "interquartile ranges overlap.%n");
        summary.forEach((pair, s) -> out.printf(Locale.ROOT, "%s: %d cells, median below Optuna's q1 in %d, worse in %d, "
                + "significantly worse (p < 0.05) in %d%n", pair, s[0], s[1], s[2], s[3]));
        return failures;
    }

    static String verdict(boolean learns, boolean sameSampler, double[] ours, double[] theirs, double pLower) {
        if (ours == null || theirs == null) {
            return "n/a";
        }
        double[] qo = quartiles(ours);
        double[] qp = quartiles(theirs);
        if (learns) {
            if (qo[0] < qp[1]) {
                return "better";
            }
            boolean worse = sameSampler ? qo[0] > qp[2] : 1 - pLower < 0.05;
            return worse ? "WORSE" : "ok";
        }
        boolean overlap = qo[1] <= qp[2] && qp[1] <= qo[2];
        if (overlap) {
            return "same";
        }
        return qo[0] < qp[0] ? "better" : "WORSE";
    }

    /**
     * The one-sided p-value that {@code ours} tend to be lower than {@code theirs}: Hipparchus's two-sided Mann-Whitney
     * p halved on the side the U statistic falls (the null distribution is symmetric).
     */
    static double pLower(double[] ours, double[] theirs) {
        double two = new MannWhitneyUTest().mannWhitneyUTest(ours, theirs);
        double u = 0; // pairs where ours is lower, ties half
        for (double a : ours) {
            for (double b : theirs) {
                u += a < b ? 1 : a == b ? 0.5 : 0;
            }
        }
        boolean oursLower = u > ours.length * (double) theirs.length / 2;
        return oursLower ? two / 2 : 1 - two / 2;
    }

    /** Median, first and third quartile (numpy's linear interpolation). */
    static double[] quartiles(double[] v) {
        double[] x = v.clone();
        Arrays.sort(x);
        return new double[]{pct(x, 50), pct(x, 25), pct(x, 75)};
    }

    private static double pct(double[] sorted, double q) {
        double pos = q / 100 * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    private static String render(double[] q) {
        return q == null ? "-" : String.format(Locale.ROOT, "%.4g [%.4g, %.4g]", q[0], q[1], q[2]);
    }

    private double[] values(String f, boolean noisy, String sampler, String side, int budget) {
        Optional<Cell> c = cells.stream().filter(x -> x.function().equals(f) && x.noisy() == noisy && x.sampler().equals(sampler)
                && x.side().equals(side) && x.error() == null).findFirst();
        return c.map(x -> x.traces().stream().mapToDouble(t -> t[Math.min(budget, t.length) - 1]).toArray()).orElse(null);
    }
}
