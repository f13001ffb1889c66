package io.sparkhpo.executors.schedule;

/**
 * ReduceLROnPlateau as torch 1.13 computes it: after each epoch the monitored metric is told; when it has not
 * improved (relatively or absolutely, by {@code threshold}) for more than {@code patience} epochs, the rate is
 * multiplied by {@code factor} (not below {@code min_lr}; changes smaller than {@code eps} are skipped), then
 * {@code cooldown} epochs pass before bad epochs count again. The state is a small value object: {@link #state()}
 * and {@link #restore} carry it through checkpoints.
 */
public final class Plateau {

    private final boolean maximize;
    private final double factor;
    private final int patience;
    private final double threshold;
    private final boolean relative;
    private final int cooldown;
    private final double minLr;
    private final double eps;
    private double lr;
    private double best;
    private int badEpochs;
    private int cooldownLeft;

    /** @param baseLr α; {@code minLr} and {@code eps} are absolute learning rates, as in PyTorch */
    public Plateau(boolean maximize, double factor, int patience, double threshold, boolean relative, int cooldown,
                   double minLr, double eps, double baseLr) {
        this.maximize = maximize;
        this.factor = factor;
        this.patience = patience;
        this.threshold = threshold;
        this.relative = relative;
        this.cooldown = cooldown;
        this.minLr = minLr;
        this.eps = eps;
        this.lr = baseLr;
        this.best = maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    /** The current learning rate. */
    public double lr() {
        return lr;
    }

    /** Tells the metric of the epoch that just ended; returns the rate for the next epoch. */
    public double step(double metric) {
        if (better(metric)) {
            best = metric;
            badEpochs = 0;
        } else {
            badEpochs++;
        }
        if (cooldownLeft > 0) {
            cooldownLeft--;
            badEpochs = 0;
        }
        if (badEpochs > patience) {
            double reduced = Math.max(lr * factor, minLr);
            if (lr - reduced > eps) {
                lr = reduced;
            }
            cooldownLeft = cooldown;
            badEpochs = 0;
        }
        return lr;
    }

    private boolean better(double a) {
        if (maximize) {
            return relative ? a > best * (threshold + 1) : a > best + threshold;
        }
        return relative ? a < best * (1 - threshold) : a < best - threshold;
    }

    /** {lr, best, bad epochs, cooldown left}. */
    public double[] state() {
        return new double[]{lr, best, badEpochs, cooldownLeft};
    }

    public void restore(double[] s) {
        lr = s[0];
        best = s[1];
        badEpochs = (int) s[2];
        cooldownLeft = (int) s[3];
    }
}
