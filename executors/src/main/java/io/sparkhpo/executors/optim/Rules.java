package io.sparkhpo.executors.optim;

/**
 * The update rules, each following PyTorch's single-tensor implementation line by line (torch 1.13,
 * {@code torch/optim/*.py}), except NAdam, which follows torch 2.0 (1.13 multiplies μ_t twice into the product
 * used for the momentum term), and QHAdam, which follows facebookresearch/qhoptim.
 */
final class Rules {

    private Rules() {
    }

    /**
     * SGD (torch.optim.SGD): with momentum μ, {@code b ← g} at t = 1, else {@code b ← μb + (1 − dampening)g};
     * the step uses {@code g + μb} (Nesterov) or {@code b}; {@code θ ← θ − lr·step}.
     */
    record Sgd(double momentum, double dampening, boolean nesterov) implements UpdateRule {
        @Override
        public int stateArrays() {
            return momentum == 0 ? 0 : 1;
        }

        @Override
        public void apply(double[] theta, double[] grad, int n, double[][] state, double[] scalars, Step step) {
            double mu = step.momentum().orElse(momentum);
            if (momentum == 0) {
                for (int i = 0; i < n; i++) {
                    theta[i] -= step.lr() * grad[i];
                }
                return;
            }
            double[] buf = state[0];
            for (int i = 0; i < n; i++) {
                double g = grad[i];
                buf[i] = step.t() == 1 ? g : mu * buf[i] + (1 - dampening) * g;
                double d = nesterov ? g + mu * buf[i] : buf[i];
                theta[i] -= step.lr() * d;
            }
        }
    }

    /** Adagrad: {@code s ← s + g²}; {@code θ ← θ − lr/(1 + (t−1)·lr_decay) · g / (√s + eps)}. */
    record Adagrad(double lrDecay, double initialAccumulator, double eps) implements UpdateRule {
        @Override
        public int stateArrays() {
            return 1;
        }

        @Override
        public double initialState(int k) {
            return initialAccumulator;
        }

        @Override
        public void apply(double[] theta, double[] grad, int n, double[][] state, double[] scalars, Step step) {
            double clr = step.lr() / (1 + (step.t() - 1) * lrDecay);
            double[] sum = state[0];
            for (int i = 0; i < n; i++) {
                double g = grad[i];
                sum[i] += g * g;
                theta[i] -= clr * g / (Math.sqrt(sum[i]) + eps);
            }
        }
    }

    /**
     * RMSprop: {@code v ← αv + (1−α)g²}; centered: {@code ḡ ← αḡ + (1−α)g}, {@code d = √(v − ḡ²) + eps}, else
     * {@code d = √v + eps}; with momentum μ: {@code b ← μb + g/d}, {@code θ ← θ − lr·b}; else {@code θ ← θ − lr·g/d}.
     */
    record Rmsprop(double alpha, double eps, double momentum, boolean centered) implements UpdateRule {
        @Override
        public int stateArrays() {
            return 1 + (centered ? 1 : 0) + (momentum > 0 ? 1 : 0);
        }

        @Override
        public void apply(double[] theta, double[] grad, int n, double[][] state, double[] scalars, Step step) {
            double mu = step.momentum().orElse(momentum);
            double[] sq = state[0];
            double[] avg = centered ? state[1] : null;
            double[] buf = momentum > 0 ? state[centered ? 2 : 1] : null;
            for (int i = 0; i < n; i++) {
                double g = grad[i];
                sq[i] = alpha * sq[i] + (1 - alpha) * g * g;
                double d;
                if (centered) {
                    avg[i] = alpha * avg[i] + (1 - alpha) * g;
                    d = Math.sqrt(sq[i] - avg[i] * avg[i]) + eps;
                } else {
                    d = Math.sqrt(sq[i]) + eps;
                }
                if (buf != null) {
                    buf[i] = mu * buf[i] + g / d;
                    theta[i] -= step.lr() * buf[i];
                } else {
                    theta[i] -= step.lr() * g / d;
                }
            }
        }
    }

    /**
     * Adam (Kingma & Ba 2015), AMSGrad (Reddi et al. 2018): {@code m ← β1m + (1−β1)g}, {@code v ← β2v + (1−β2)g²}
     * ({@code v̂ ← max(v̂, v)} for AMSGrad); {@code θ ← θ − lr/(1−β1^t) · m / (√v/√(1−β2^t) + eps)}.
     */
    record Adam(double beta1, double beta2, double eps, boolean amsgrad) implements UpdateRule {
        @Override
        public int stateArrays() {
            return amsgrad ? 3 : 2;
        }

        @Override
        public void apply(double[] theta, double[] grad, int n, double[][] state, double[] scalars, Step step) {
            double b1 = step.momentum().orElse(beta1);
            double[] m = state[0];
            double[] v = state[1];
            double stepSize = step.lr() / (1 - Math.pow(b1, step.t()));
            double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, step.t()));
            for (int i = 0; i < n; i++) {
                double g = grad[i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = beta2 * v[i] + (1 - beta2) * g * g;
                double vv = v[i];
                if (amsgrad) {
                    state[2][i] = Math.max(state[2][i], v[i]);
                    vv = state[2][i];
                }
                theta[i] -= stepSize * m[i] / (Math.sqrt(vv) / bc2Sqrt + eps);
            }
        }
    }

    /**
     * NAdam (Dozat 2016) as torch 2.0 computes it: μ_t = β1(1 − ½·0.96^(tψ)), Π_t = Π_{t−1}μ_t;
     * {@code θ ← θ − lr(1−μ_t)/(1−Π_t) · g/d − lr·μ_{t+1}/(1−Π_t·μ_{t+1}) · m/d}, {@code d = √(v/(1−β2^t)) + eps}.
     * Scalar state: Π.
     */
    record Nadam(double beta1, double beta2, double eps, double momentumDecay) implements UpdateRule {
        @Override
        public int stateArrays() {
            return 2;
        }

        @Override
        public double[] initialScalars() {
            return new double[]{1.0};
        }

        @Override
        public void apply(double[] theta, double[] grad, int n, double[][] state, double[] scalars, Step step) {
            double b1 = step.momentum().orElse(beta1);
            long t = step.t();
            double bc2 = 1 - Math.pow(beta2, t);
            double mu = b1 * (1 - 0.5 * Math.pow(0.96, t * momentumDecay));
            double muNext = b1 * (1 - 0.5 * Math.pow(0.96, (t + 1) * momentumDecay));
            scalars[0] *= mu;
            double product = scalars[0];
            double productNext = product * muNext;
            double gradCoef = step.lr() * (1 - mu) / (1 - product);
            double momCoef = step.lr() * muNext / (1 - productNext);
            double[] m = state[0];
            double[] v = state[1];
            for (int i = 0; i < n; i++) {
                double g = grad[i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = beta2 * v[i] + (1 - beta2) * g * g;
                double d = Math.sqrt(v[i] / bc2) + eps;
                theta[i] -= gradCoef * g / d;
                theta[i] -= momCoef * m[i] / d;
            }
        }
    }

    /** Adamax: {@code m ← β1m + (1−β1)g}, {@code u ← max(β2u, |g| + eps)}, {@code θ ← θ − lr/(1−β1^t) · m/u}. */
    record Adamax(double beta1, double beta2, double eps) implements UpdateRule {
        @Override
        public int stateArrays() {
            return 2;
        }

        @Override
        public void apply(double[] theta, double[] grad, int n, double[][] state, double[] scalars, Step step) {
            double b1 = step.momentum().orElse(beta1);
            double clr = step.lr() / (1 - Math.pow(b1, step.t()));
            double[] m = state[0];
            double[] u = state[1];
            for (int i = 0; i < n; i++) {
                double g = grad[i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                u[i] = Math.max(beta2 * u[i], Math.abs(g) + eps);
                theta[i] -= clr * m[i] / u[i];
            }
        }
    }

    /**
     * RAdam (Liu et al. 2020): with ρ∞ = 2/(1−β2) − 1 and ρ_t = ρ∞ − 2tβ2^t/(1−β2^t), when ρ_t > 5
     * {@code θ ← θ − lr · m̂ · r_t · √(1−β2^t)/(√v + eps)} with the rectification r_t; otherwise the
     * un-adapted {@code θ ← θ − lr · m̂}, m̂ = m/(1−β1^t).
     */
    record Radam(double beta1, double beta2, double eps) implements UpdateRule {
        @Override
        public int stateArrays() {
            return 2;
        }

        @Override
        public void apply(double[] theta, double[] grad, int n, double[][] state, double[] scalars, Step step) {
            double b1 = step.momentum().orElse(beta1);
            long t = step.t();
            double bc1 = 1 - Math.pow(b1, t);
            double bc2 = 1 - Math.pow(beta2, t);
            double rhoInf = 2 / (1 - beta2) - 1;
            double rhoT = rhoInf - 2 * t * Math.pow(beta2, t) / bc2;
            boolean adaptive = rhoT > 5;
            double rect = adaptive
                    ? Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 0;
            double[] m = state[0];
            double[] v = state[1];
            for (int i = 0; i < n; i++) {
                double g = grad[i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = beta2 * v[i] + (1 - beta2) * g * g;
                double mHat = m[i] / bc1;
                if (adaptive) {
                    theta[i] -= mHat * step.lr() * (Math.sqrt(bc2) / (Math.sqrt(v[i]) + eps)) * rect;
                } else {
                    theta[i] -= mHat * step.lr();
                }
            }
        }
    }

    /**
     * QHAdam (Ma & Yarats 2019) as qhoptim computes it: bias correction through w_t = 1 + βw_{t−1} (β_adj = 1 −
     * 1/w_t); {@code m ← β1_adj m + (1−β1_adj)g}, {@code v ← β2_adj v + (1−β2_adj)g²};
     * {@code θ ← θ − lr · (ν1 m + (1−ν1)g) / (√(ν2 v + (1−ν2)g²) + eps)}. Scalar state: w1, w2.
     */
    record Qhadam(double beta1, double beta2, double nu1, double nu2, double eps) implements UpdateRule {
        @Override
        public int stateArrays() {
            return 2;
        }

        @Override
        public double[] initialScalars() {
            return new double[]{0.0, 0.0};
        }

        @Override
        public void apply(double[] theta, double[] grad, int n, double[][] state, double[] scalars, Step step) {
            double b1 = step.momentum().orElse(beta1);
            scalars[0] = 1 + b1 * scalars[0];
            scalars[1] = 1 + beta2 * scalars[1];
            double b1Adj = 1 - 1 / scalars[0];
            double b2Adj = 1 - 1 / scalars[1];
            double[] m = state[0];
            double[] v = state[1];
            for (int i = 0; i < n; i++) {
                double g = grad[i];
                double g2 = g * g;
                m[i] = b1Adj * m[i] + (1 - b1Adj) * g;
                v[i] = b2Adj * v[i] + (1 - b2Adj) * g2;
                double num = nu1 * m[i] + (1 - nu1) * g;
                double den = Math.sqrt(nu2 * v[i] + (1 - nu2) * g2) + eps;
                theta[i] -= step.lr() * num / den;
            }
        }
    }
}
