package io.sparkhpo.driver.analysis;

import java.util.List;

/**
 * One panel of the analysis: the trials of one optimizer, weight-decay mode and schedule, as cells of the α × λ
 * plane, and their measures.
 *
 * @param optimizer     the update rule ({@code adam}, {@code sgd}, ...)
 * @param label         its usual name with the mode ({@code Adam}, {@code AdamW}, ...)
 * @param mode          the weight-decay convention ({@code l2}, {@code decoupled}, {@code decoupled_lr})
 * @param schedule      the schedule with its settings, as the trials table describes it
 * @param wdAxis        {@code weight_decay} or {@code weight_decay_norm}: which λ the sweep searched
 * @param cells         the trials on the log axes
 * @param offAxis       trials left out because their lr or λ is 0 (no place on a log axis)
 * @param measures      the separability measures
 */
public record Slice(String optimizer, String label, String mode, String schedule, String wdAxis, List<Cell> cells,
                    int offAxis, Measures measures) {

    public Slice {
        cells = List.copyOf(cells);
    }

    /** A short title: {@code AdamW (decoupled), cosine(...)}. */
    public String title() {
        return label + " (" + mode + ")" + (schedule.isEmpty() ? "" : ", " + schedule);
    }

    /** The λ axis's name. */
    public String wdSymbol() {
        return wdAxis.equals("weight_decay_norm") ? "λ_norm" : "λ";
    }
}
