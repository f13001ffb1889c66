package io.sparkhpo.driver.bench;

import io.sparkhpo.search.space.SearchSpace;

import java.util.Map;

/**
 * The sampler benchmark's objectives (minimized), defined identically in {@code optuna_bench.py}. {@code noise} is
 * the standard deviation of the Gaussian noise of the noisy variant.
 */
enum TestFunction {

    /** Branin-Hoo on [-5, 10] x [0, 15]; minimum 0.397887 at three points. */
    BRANIN("branin", 0.397887, 0.5) {
        @Override
        SearchSpace space() {
            return SearchSpace.builder().addFloat("x1", -5, 10, false).addFloat("x2", 0, 15, false).build();
        }

        @Override
        double value(Map<String, Object> p) {
            double x1 = (Double) p.get("x1");
            double x2 = (Double) p.get("x2");
            double b = 5.1 / (4 * Math.PI * Math.PI);
            double c = 5 / Math.PI;
            double t = 1 / (8 * Math.PI);
            double q = x2 - b * x1 * x1 + c * x1 - 6;
            return q * q + 10 * (1 - t) * Math.cos(x1) + 10;
        }
    },

    /** Hartmann-6 on [0, 1]^6; minimum -3.32237. */
    HARTMANN6("hartmann6", -3.32237, 0.05) {
        private final double[] alpha = {1.0, 1.2, 3.0, 3.2};
        private final double[][] a = {{10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14}, {3, 3.5, 1.7, 10, 17, 8},
                {17, 8, 0.05, 10, 0.1, 14}};
        private final double[][] pp = {{1312, 1696, 5569, 124, 8283, 5886}, {2329, 4135, 8307, 3736, 1004, 9991},
                {2348, 1451, 3522, 2883, 3047, 6650}, {4047, 8828, 8732, 5743, 1091, 381}};

        @Override
        SearchSpace space() {
            SearchSpace.Builder b = SearchSpace.builder();
            for (int j = 1; j <= 6; j++) {
                b.addFloat("x" + j, 0, 1, false);
            }
            return b.build();
        }

        @Override
        double value(Map<String, Object> p) {
            double total = 0;
            for (int i = 0; i < 4; i++) {
                double inner = 0;
                for (int j = 0; j < 6; j++) {
                    double d = (Double) p.get("x" + (j + 1)) - pp[i][j] * 1e-4;
                    inner += a[i][j] * d * d;
                }
                total += alpha[i] * Math.exp(-inner);
            }
            return -total;
        }
    },

    /**
     * A learning-rate / weight-decay surface in log space: a tilted quadratic valley in (log lr, log wd) whose
     * cross term couples the two (as L2 regularization does), the best lr rising with the batch size, and a weak
     * dependence on Adam's eps. Minimum 0.05 at lr = 1e-3, wd = 1e-4, batch = 128, eps = 1e-7.
     */
    LRWD("lrwd", 0.05, 0.01) {
        @Override
        SearchSpace space() {
            return SearchSpace.builder().addFloat("lr", 1e-5, 1, true).addFloat("weight_decay", 1e-6, 1e-1, true)
                    .addFloat("batch", 16, 1024, true).addFloat("eps", 1e-10, 1e-4, true).build();
        }

        @Override
        double value(Map<String, Object> p) {
            double u = Math.log10((Double) p.get("lr"));
            double v = Math.log10((Double) p.get("weight_decay"));
            double w = Math.log((Double) p.get("batch")) / Math.log(2);
            double e = Math.log10((Double) p.get("eps"));
            double du = u - (-3 + 0.15 * (w - 7));
            double dv = v + 4;
            return 0.05 + 0.08 * du * du + 0.05 * dv * dv + 0.06 * du * dv + 0.01 * (w - 7) * (w - 7) + 0.005 * (e + 7) * (e + 7);
        }
    },

    /**
     * A surrogate of a training run's test error over log lr, log weight decay, momentum and dropout: the effective
     * step {@code s = log10(lr / (1 - momentum))} has an optimum at -1.5, {@code lr·λ} interacts (optimum
     * {@code log10(lr·λ) = -6.5}), and a step past {@code s = -0.3} diverges onto a flat plateau of 0.9 (chance on ten
     * classes), as do errors above it. Minimum 0.06 at lr = 10^-2.5, wd = 1e-4, momentum = 0.9, dropout = 0.2.
     */
    TRAINRUN("trainrun", 0.06, 0.01) {
        @Override
        SearchSpace space() {
            return SearchSpace.builder().addFloat("lr", 1e-5, 1, true).addFloat("weight_decay", 1e-6, 1e-1, true)
                    .addFloat("momentum", 0, 0.99, false).addFloat("dropout", 0, 0.7, false).build();
        }

        @Override
        double value(Map<String, Object> p) {
            double u = Math.log10((Double) p.get("lr"));
            double v = Math.log10((Double) p.get("weight_decay"));
            double m = (Double) p.get("momentum");
            double d = (Double) p.get("dropout");
            double s = u - Math.log10(1 - m);
            if (s > -0.3) {
                return 0.9;
            }
            double err = 0.06 + 0.05 * (s + 1.5) * (s + 1.5) + 0.03 * (u + v + 6.5) * (u + v + 6.5) + 0.02 * (v + 4) * (v + 4)
                    + 0.02 * (m - 0.9) * (m - 0.9) + 0.1 * (d - 0.2) * (d - 0.2);
            return Math.min(0.9, err);
        }
    };

    final String key;
    final double minimum;
    final double noise;

    TestFunction(String key, double minimum, double noise) {
        this.key = key;
        this.minimum = minimum;
        this.noise = noise;
    }

    abstract SearchSpace space();

    abstract double value(Map<String, Object> params);

    static TestFunction byKey(String key) {
        for (TestFunction f : values()) {
            if (f.key.equals(key)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown test function '" + key + "'; known: branin, hartmann6, lrwd, trainrun");
    }
}
