package io.sparkhpo.executors.optim;

/**
 * The update rules, each following PyTorch's single-tensor implementation (torch 1.13, {@code torch/optim/*.py})
 * except NAdam, which follows torch 2.0 (1.13 multiplies μ_t twice into the product used for the momentum term),
 * and QHAdam, which follows facebookresearch/qhoptim. Each is written once over {@link VectorOps}, in in-place
 * operations with the chunk's two scratch vectors; where two forms are equal in exact arithmetic and round alike
 * the one with fewer passes is used (Adam divides by {@code √v + eps·√(1−β2^t)} and folds {@code √(1−β2^t)} into
 * the step size, which is PyTorch's {@code √v/√(1−β2^t) + eps} rescaled; QHAdam adds its two terms
 * {@code ν1·m/d} and {@code (1−ν1)·g/d} one after the other, and skips the second at ν1 = 1).
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
        public <V> void apply(VectorOps<V> o, Chunk<V> c, double[] scalars, Step step) {
            if (momentum == 0) {
                o.axpy(c.theta(), -step.lr(), c.grad(), c.scratch0());
                return;
            }
            double mu = step.momentum().orElse(momentum);
            V buf = c.state()[0];
            if (step.t() == 1) {
                o.copy(buf, c.grad());
            } else {
                o.scale(buf, mu);
                o.axpy(buf, 1 - dampening, c.grad(), c.scratch0());
            }
            V d = buf;
            if (nesterov) {
                d = c.scratch1();
                o.scaled(d, buf, mu);
                o.add(d, c.grad());
            }
            o.axpy(c.theta(), -step.lr(), d, c.scratch0());
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
        public <V> void apply(VectorOps<V> o, Chunk<V> c, double[] scalars, Step step) {
            double clr = step.lr() / (1 + (step.t() - 1) * lrDecay);
            V sum = c.state()[0];
            V d = c.scratch0();
            o.product(d, c.grad(), c.grad());
            o.add(sum, d);
            o.sqrt(d, sum);
            o.shift(d, eps);
            o.addRatio(c.theta(), -clr, c.grad(), d, c.scratch1());
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
        public <V> void apply(VectorOps<V> o, Chunk<V> c, double[] scalars, Step step) {
            V sq = c.state()[0];
            V d = c.scratch0();
            V tmp = c.scratch1();
            o.lerpSquare(sq, c.grad(), alpha, d);
            if (centered) {
                V avg = c.state()[1];
                o.lerp(avg, c.grad(), alpha, tmp);
                o.product(d, avg, avg);
                o.copy(tmp, sq);
                o.sub(tmp, d);
                o.sqrt(d, tmp);
            } else {
                o.sqrt(d, sq);
            }
            o.shift(d, eps);
            if (momentum > 0) {
                V buf = c.state()[centered ? 2 : 1];
                o.scale(buf, step.momentum().orElse(momentum));
                o.addRatio(buf, 1, c.grad(), d, tmp);
                o.axpy(c.theta(), -step.lr(), buf, tmp);
            } else {
                o.addRatio(c.theta(), -step.lr(), c.grad(), d, tmp);
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
        public <V> void apply(VectorOps<V> o, Chunk<V> c, double[] scalars, Step step) {
            double b1 = step.momentum().orElse(beta1);
            double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, step.t()));
            double stepSize = step.lr() / (1 - Math.pow(b1, step.t())) * bc2Sqrt;
            V m = c.state()[0];
            V v = c.state()[1];
            V d = c.scratch0();
            o.lerp(m, c.grad(), b1, c.scratch1());
            o.lerpSquare(v, c.grad(), beta2, d);
            if (amsgrad) {
                o.max(c.state()[2], v);
                v = c.state()[2];
            }
            o.sqrt(d, v);
            o.shift(d, eps * bc2Sqrt);
            o.addRatio(c.theta(), -stepSize, m, d, c.scratch1());
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

        private double mu(double b1, long t) {
            return b1 * (1 - 0.5 * Math.pow(0.96, t * momentumDecay));
        }

        @Override
        public void advance(double[] scalars, Step step) {
            scalars[0] *= mu(step.momentum().orElse(beta1), step.t());
        }

        @Override
        public <V> void apply(VectorOps<V> o, Chunk<V> c, double[] scalars, Step step) {
            double b1 = step.momentum().orElse(beta1);
            long t = step.t();
            double mu = mu(b1, t);
            double muNext = mu(b1, t + 1);
            double product = scalars[0];
            double gradCoef = step.lr() * (1 - mu) / (1 - product);
            double momCoef = step.lr() * muNext / (1 - product * muNext);
            V m = c.state()[0];
            V v = c.state()[1];
            V d = c.scratch0();
            o.lerp(m, c.grad(), b1, c.scratch1());
            o.lerpSquare(v, c.grad(), beta2, d);
            o.scaled(d, v, 1 / (1 - Math.pow(beta2, t)));
            o.sqrt(d, d);
            o.shift(d, eps);
            o.addRatio(c.theta(), -gradCoef, c.grad(), d, c.scratch1());
            o.addRatio(c.theta(), -momCoef, m, d, c.scratch1());
        }
    }

    /** Adamax: {@code m ← β1m + (1−β1)g}, {@code u ← max(β2u, |g| + eps)}, {@code θ ← θ − lr/(1−β1^t) · m/u}. */
    record Adamax(double beta1, double beta2, double eps) implements UpdateRule {
        @Override
        public int stateArrays() {
            return 2;
        }

        @Override
        public <V> void apply(VectorOps<V> o, Chunk<V> c, double[] scalars, Step step) {
            double b1 = step.momentum().orElse(beta1);
            double clr = step.lr() / (1 - Math.pow(b1, step.t()));
            V m = c.state()[0];
            V u = c.state()[1];
            V a = c.scratch0();
            o.lerp(m, c.grad(), b1, c.scratch1());
            o.abs(a, c.grad());
            o.shift(a, eps);
            o.scale(u, beta2);
            o.max(u, a);
            o.addRatio(c.theta(), -clr, m, u, c.scratch1());
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
        public <V> void apply(VectorOps<V> o, Chunk<V> c, double[] scalars, Step step) {
            double b1 = step.momentum().orElse(beta1);
            long t = step.t();
            double bc1 = 1 - Math.pow(b1, t);
            double bc2 = 1 - Math.pow(beta2, t);
            double rhoInf = 2 / (1 - beta2) - 1;
            double rhoT = rhoInf - 2 * t * Math.pow(beta2, t) / bc2;
            V m = c.state()[0];
            V v = c.state()[1];
            V d = c.scratch0();
            o.lerp(m, c.grad(), b1, c.scratch1());
            o.lerpSquare(v, c.grad(), beta2, d);
            if (rhoT > 5) {
                double rect = Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
                o.sqrt(d, v);
                o.shift(d, eps);
                o.addRatio(c.theta(), -step.lr() / bc1 * rect * Math.sqrt(bc2), m, d, c.scratch1());
            } else {
                o.axpy(c.theta(), -step.lr() / bc1, m, c.scratch1());
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
        public void advance(double[] scalars, Step step) {
            scalars[0] = 1 + step.momentum().orElse(beta1) * scalars[0];
            scalars[1] = 1 + beta2 * scalars[1];
        }

        @Override
        public <V> void apply(VectorOps<V> o, Chunk<V> c, double[] scalars, Step step) {
            V m = c.state()[0];
            V v = c.state()[1];
            V den = c.scratch0();
            V tmp = c.scratch1();
            o.lerp(m, c.grad(), 1 - 1 / scalars[0], tmp);
            o.lerpSquare(v, c.grad(), 1 - 1 / scalars[1], den);
            if (nu2 == 1) {
                o.sqrt(den, v);
            } else {
                o.product(den, c.grad(), c.grad());
                o.lerp(den, v, 1 - nu2, tmp);
                o.sqrt(den, den);
            }
            o.shift(den, eps);
            o.addRatio(c.theta(), -step.lr() * nu1, m, den, tmp);
            o.addRatio(c.theta(), -step.lr() * (1 - nu1), c.grad(), den, tmp);
        }
    }
}
