package io.sparkhpo.search.sampler.gp;

/**
 * The Matérn-5/2 kernel with automatic relevance determination, as Optuna's GP sampler defines it:
 * {@code k(a, b) = s · (1 + r + r²/3) · exp(-r)} with {@code r = sqrt(5 · Σ_d θ_d · δ_d(a, b))}, where θ_d is the
 * inverse squared length scale of dimension d and {@code δ_d = (a_d - b_d)²} for a numeric dimension, {@code [a_d ≠ b_d]}
 * (a Hamming term) for a categorical one (coded as its choice's index).
 */
final class Matern52 {

    private static final double SQRT5 = Math.sqrt(5);

    private Matern52() {
    }

    /** δ_d(a, b): the squared difference, or for a categorical dimension whether the choices differ. */
    static double delta(double a, double b, boolean categorical) {
        if (categorical) {
            return a == b ? 0 : 1;
        }
        double d = a - b;
        return d * d;
    }

    /** {@code Σ_d θ_d δ_d(a, b)}. */
    static double r2(double[] a, double[] b, double[] isl, boolean[] categorical) {
        double s = 0;
        for (int d = 0; d < a.length; d++) {
            s += isl[d] * delta(a[d], b[d], categorical[d]);
        }
        return s;
    }

    /** The kernel at unit scale as a function of {@code r2}. */
    static double value(double r2) {
        double r = SQRT5 * Math.sqrt(r2);
        return (1 + r + r * r / 3) * Math.exp(-r);
    }

    /** d value / d r2 at unit scale: {@code -(5/6)(1 + r) exp(-r)}. */
    static double derivative(double r2) {
        double r = SQRT5 * Math.sqrt(r2);
        return -5.0 / 6.0 * (1 + r) * Math.exp(-r);
    }
}
