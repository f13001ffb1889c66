package io.sparkhpo.executors.optim;

/**
 * Adam (Kingma & Ba 2015) with one of the three weight-decay conventions: named {@code adam} with {@link
 * WeightDecayMode#L2} (PyTorch's {@code Adam(weight_decay=λ)}) and {@code adamw} with a decoupled mode (AdamW,
 * Loshchilov & Hutter 2019).
 *
 * @param lr          base learning rate α, {@code > 0}
 * @param beta1       first-moment decay, in [0, 1)
 * @param beta2       second-moment decay, in [0, 1)
 * @param eps         denominator term, {@code > 0}
 * @param weightDecay λ, {@code >= 0}
 * @param decayMode   how λ is applied
 */
public record AdamSpec(double lr, double beta1, double beta2, double eps, double weightDecay,
                       WeightDecayMode decayMode) implements OptimizerSpec {

    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPS = 1e-8;

    public AdamSpec {
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException("AdamSpec.lr must be > 0 and finite, got " + lr);
        }
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("AdamSpec.beta1 must be in [0, 1), got " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("AdamSpec.beta2 must be in [0, 1), got " + beta2);
        }
        if (!(eps > 0) || !Double.isFinite(eps)) {
            throw new IllegalArgumentException("AdamSpec.eps must be > 0 and finite, got " + eps);
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException("AdamSpec.weightDecay must be >= 0 and finite, got " + weightDecay);
        }
        if (decayMode == null) {
            throw new IllegalArgumentException("AdamSpec.decayMode must be set");
        }
    }

    /** Adam with PyTorch's default betas and eps. */
    public static AdamSpec of(double lr, double weightDecay, WeightDecayMode mode) {
        return new AdamSpec(lr, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS, weightDecay, mode);
    }

    @Override
    public String name() {
        return decayMode == WeightDecayMode.L2 ? "adam" : "adamw";
    }
}
