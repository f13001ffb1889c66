package io.sparkhpo.search.sampler.gp;

/**
 * The GP's hyperparameters: inverse squared length scales (one per dimension), the kernel's scale and the
 * observation noise variance (at least {@link #MIN_NOISE}, as Optuna's GP keeps it). They are fitted on the log
 * scale ({@link #raw()}: {@code log θ_d}, {@code log s}, {@code log(noise - MIN_NOISE)}).
 */
record KernelParams(double[] inverseSquaredLengthScales, double scale, double noise) {

    static final double MIN_NOISE = 1e-6;

    /** The fit's starting point: every θ_d = 1, s = 1, noise = 0.01 (fixed, so that asks are reproducible). */
    static KernelParams initial(int dims) {
        double[] isl = new double[dims];
        java.util.Arrays.fill(isl, 1);
        return new KernelParams(isl, 1, 1e-2);
    }

    double[] raw() {
        int d = inverseSquaredLengthScales.length;
        double[] r = new double[d + 2];
        for (int i = 0; i < d; i++) {
            r[i] = Math.log(inverseSquaredLengthScales[i]);
        }
        r[d] = Math.log(scale);
        r[d + 1] = Math.log(Math.max(1e-300, noise - MIN_NOISE));
        return r;
    }

    static KernelParams fromRaw(double[] r) {
        int d = r.length - 2;
        double[] isl = new double[d];
        for (int i = 0; i < d; i++) {
            isl[i] = Math.exp(r[i]);
        }
        return new KernelParams(isl, Math.exp(r[d]), MIN_NOISE + Math.exp(r[d + 1]));
    }
}
