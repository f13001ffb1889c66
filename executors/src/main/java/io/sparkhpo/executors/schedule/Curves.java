package io.sparkhpo.executors.schedule;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.DoubleUnaryOperator;

/**
 * The schedules' closed forms, each equal to what stepping the PyTorch 1.13 scheduler of the same name gives
 * (checked against its sequences by the golden tests). α is the optimizer's base learning rate; absolute
 * settings (eta_min) are divided by it to give η.
 */
final class Curves {

    private Curves() {
    }

    record Constant() implements Schedule {
        @Override
        public double eta(double t) {
            return 1.0;
        }
    }

    /** LambdaLR: η = f(t). */
    record Lambda(DoubleUnaryOperator f) implements Schedule {
        @Override
        public double eta(double t) {
            return f.applyAsDouble(t);
        }
    }

    /** MultiplicativeLR: η_t = η_{t−1}·f(t), η_0 = 1; the running product is memoized for sequential access. */
    static final class Multiplicative implements Schedule {
        private final DoubleUnaryOperator f;
        private long lastT;
        private double lastEta = 1.0;

        Multiplicative(DoubleUnaryOperator f) {
            this.f = f;
        }

        @Override
        public synchronized double eta(double t) {
            long n = (long) Math.floor(t);
            if (n < lastT) {
                lastT = 0;
                lastEta = 1.0;
            }
            for (long k = lastT + 1; k <= n; k++) {
                lastEta *= f.applyAsDouble(k);
            }
            lastT = Math.max(lastT, n);
            return lastEta;
        }
    }

    /** StepLR: γ^⌊t/step⌋. */
    record Step(int stepSize, double gamma) implements Schedule {
        @Override
        public double eta(double t) {
            return Math.pow(gamma, Math.floor(t / stepSize));
        }
    }

    /** MultiStepLR: γ^(milestones ≤ t), repeated milestones counting twice. */
    record MultiStep(double[] milestones, double gamma) implements Schedule {
        @Override
        public double eta(double t) {
            int passed = 0;
            for (double m : milestones) {
                if (m <= t) {
                    passed++;
                }
            }
            return Math.pow(gamma, passed);
        }
    }

    /** ExponentialLR: γ^t. */
    record Exponential(double gamma) implements Schedule {
        @Override
        public double eta(double t) {
            return Math.pow(gamma, t);
        }
    }

    /** CosineAnnealingLR: η_min + (1 − η_min)(1 + cos(πt/T))/2, periodic past T (as PyTorch's recursion). */
    record Cosine(double tMax, double etaMin) implements Schedule {
        @Override
        public double eta(double t) {
            return etaMin + (1 - etaMin) * (1 + Math.cos(Math.PI * t / tMax)) / 2;
        }
    }

    /**
     * CosineAnnealingWarmRestarts (SGDR, Loshchilov & Hutter 2017): periods T_0, T_0·m, T_0·m², ... epochs; within
     * a period η = η_min + (1 − η_min)(1 + cos(π·T_cur/T_i))/2.
     */
    record Restarts(double t0, double tMult, double etaMin) implements Schedule {
        @Override
        public double eta(double t) {
            double[] p = period(t);
            return etaMin + (1 - etaMin) * (1 + Math.cos(Math.PI * p[0] / p[1])) / 2;
        }

        @Override
        public OptionalDouble restartPeriod(double t) {
            return OptionalDouble.of(period(t)[1]);
        }

        /** {T_cur, T_i} for epoch position t. */
        double[] period(double t) {
            if (tMult == 1) {
                return new double[]{t % t0, t0};
            }
            double start = 0;
            double len = t0;
            while (t >= start + len) {
                start += len;
                len *= tMult;
            }
            return new double[]{t - start, len};
        }
    }

    /** CyclicLR (Smith 2017): triangular, triangular2 or exp_range between α·base and α; momentum inversely. */
    record Cyclic(double base, double stepUp, double stepDown, String mode, double gamma, boolean cycleMomentum,
                  double baseMomentum, double maxMomentum) implements Schedule {
        @Override
        public double eta(double t) {
            double[] s = scale(t);
            return base + (1 - base) * s[0] * s[1];
        }

        @Override
        public OptionalDouble momentum(double t) {
            if (!cycleMomentum) {
                return OptionalDouble.empty();
            }
            double[] s = scale(t);
            return OptionalDouble.of(maxMomentum - (maxMomentum - baseMomentum) * s[0] * s[1]);
        }

        /** {scale factor within the cycle, amplitude scale of the mode}. */
        private double[] scale(double t) {
            double total = stepUp + stepDown;
            double ratio = stepUp / total;
            double cycle = Math.floor(1 + t / total);
            double x = 1 + t / total - cycle;
            double factor = x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
            double amplitude = switch (mode) {
                case "triangular2" -> 1 / Math.pow(2, cycle - 1);
                case "exp_range" -> Math.pow(gamma, t);
                case "triangular" -> 1.0;
                default -> throw new IllegalStateException("cyclic mode " + mode);
            };
            return new double[]{factor, amplitude};
        }
    }

    /**
     * OneCycleLR (Smith & Topin 2019): from α/div up to α over pct_start of the steps, then down to
     * α/(div·final_div) (three_phase: back to α/div, then down); momentum the other way. Cosine or linear.
     */
    record OneCycle(double totalSteps, double pctStart, boolean cosine, boolean threePhase, double divFactor,
                    double finalDivFactor, boolean cycleMomentum, double baseMomentum, double maxMomentum)
            implements Schedule {
        @Override
        public double eta(double t) {
            return value(t, false);
        }

        @Override
        public OptionalDouble momentum(double t) {
            return cycleMomentum ? OptionalDouble.of(value(t, true)) : OptionalDouble.empty();
        }

        private double value(double t, boolean momentum) {
            double initial = 1 / divFactor;
            double min = initial / finalDivFactor;
            double[] ends;
            double[][] lr;
            double[][] mom;
            if (threePhase) {
                ends = new double[]{pctStart * totalSteps - 1, 2 * pctStart * totalSteps - 2, totalSteps - 1};
                lr = new double[][]{{initial, 1}, {1, initial}, {initial, min}};
                mom = new double[][]{{maxMomentum, baseMomentum}, {baseMomentum, maxMomentum}, {maxMomentum, maxMomentum}};
            } else {
                ends = new double[]{pctStart * totalSteps - 1, totalSteps - 1};
                lr = new double[][]{{initial, 1}, {1, min}};
                mom = new double[][]{{maxMomentum, baseMomentum}, {baseMomentum, maxMomentum}};
            }
            double start = 0;
            for (int i = 0; i < ends.length; i++) {
                if (t <= ends[i] || i == ends.length - 1) {
                    double pct = (t - start) / (ends[i] - start);
                    double[] pair = momentum ? mom[i] : lr[i];
                    return anneal(pair[0], pair[1], pct);
                }
                start = ends[i];
            }
            throw new AssertionError();
        }

        private double anneal(double from, double to, double pct) {
            return cosine ? to + (from - to) / 2.0 * (Math.cos(Math.PI * pct) + 1) : (to - from) * pct + from;
        }
    }

    /** LinearLR: from start to end factor over total steps, then constant. */
    record Linear(double start, double end, double total) implements Schedule {
        @Override
        public double eta(double t) {
            return start + (end - start) * Math.min(t, total) / total;
        }
    }

    /** ConstantLR: factor until total, then 1. */
    record ConstantFactor(double factor, double total) implements Schedule {
        @Override
        public double eta(double t) {
            return t < total ? factor : 1.0;
        }
    }

    /** PolynomialLR: (1 − min(t, total)/total)^power. */
    record Polynomial(double total, double power) implements Schedule {
        @Override
        public double eta(double t) {
            return Math.pow(1 - Math.min(t, total) / total, power);
        }
    }

    /** Linear decay to zero over total steps: max(0, 1 − t/total). */
    record LinearDecay(double total) implements Schedule {
        @Override
        public double eta(double t) {
            return Math.max(0, 1 - t / total);
        }
    }

    /**
     * Inverse square root (Vaswani et al. 2017; fairseq's inverse_sqrt): linear warmup over W steps, then
     * √(W/(t+1)); η = min((t+1)/W, √(W/(t+1))), and 1/√(t+1) without warmup.
     */
    record InverseSqrt(double warmup) implements Schedule {
        @Override
        public double eta(double t) {
            return warmup == 0 ? 1 / Math.sqrt(t + 1) : Math.min((t + 1) / warmup, Math.sqrt(warmup / (t + 1)));
        }
    }

    /**
     * SequentialLR: part k runs from milestone k−1, restarted at 0 (PyTorch steps it with epoch 0 at its
     * milestone, which takes its closed form).
     */
    record Sequential(List<Schedule> parts, double[] milestones) implements Schedule {
        @Override
        public double eta(double t) {
            int k = index(t);
            return parts.get(k).eta(t - (k == 0 ? 0 : milestones[k - 1]));
        }

        @Override
        public OptionalDouble momentum(double t) {
            int k = index(t);
            return parts.get(k).momentum(t - (k == 0 ? 0 : milestones[k - 1]));
        }

        @Override
        public OptionalDouble restartPeriod(double t) {
            int k = index(t);
            return parts.get(k).restartPeriod(t - (k == 0 ? 0 : milestones[k - 1]));
        }

        /** bisect_right(milestones, t). */
        private int index(double t) {
            int k = 0;
            while (k < milestones.length && milestones[k] <= t) {
                k++;
            }
            return k;
        }
    }

    /** ChainedScheduler: the product of the parts' multipliers; the last part that cycles momentum sets it. */
    record Chained(List<Schedule> parts) implements Schedule {
        @Override
        public double eta(double t) {
            double eta = 1;
            for (Schedule s : parts) {
                eta *= s.eta(t);
            }
            return eta;
        }

        @Override
        public OptionalDouble momentum(double t) {
            OptionalDouble m = OptionalDouble.empty();
            for (Schedule s : parts) {
                OptionalDouble v = s.momentum(t);
                if (v.isPresent()) {
                    m = v;
                }
            }
            return m;
        }

        @Override
        public OptionalDouble restartPeriod(double t) {
            return parts.stream().map(s -> s.restartPeriod(t)).filter(OptionalDouble::isPresent).findFirst()
                    .orElse(OptionalDouble.empty());
        }
    }

    static double[] sorted(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }
}
