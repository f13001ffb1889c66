package io.sparkhpo.driver.analysis;

/**
 * One trial as a point of the α × λ plane: its learning rate, weight decay (λ, or λ_norm where the sweep searched
 * normalized decay) and final test error, NaN where the trial has none (diverged, failed, pruned).
 */
public record Cell(int trial, double lr, double weightDecay, double error) {

    public Cell {
        if (!(lr > 0) || !(weightDecay > 0)) {
            throw new IllegalArgumentException("trial " + trial + ": a cell needs lr > 0 and weight decay > 0 on log axes, got lr="
                    + lr + " weight decay=" + weightDecay);
        }
    }

    public double log2Lr() {
        return Math.log(lr) / Math.log(2);
    }

    public double log2Wd() {
        return Math.log(weightDecay) / Math.log(2);
    }

    public boolean present() {
        return Double.isFinite(error);
    }
}
