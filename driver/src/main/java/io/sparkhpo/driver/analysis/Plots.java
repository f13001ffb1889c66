package io.sparkhpo.driver.analysis;

import java.util.List;
import java.util.Map;

/**
 * The report's plots, in the order it shows them: each entry draws one {@link Plot} from the slices and the epochs.
 * A new plot is its drawing code plus one entry in {@link #TYPES}; the report, the files written beside it and the
 * notebooks' {@link Analysis#plots} take it from here.
 */
public final class Plots {

    /** How a plot is drawn from a study's slices and each trial's epochs. */
    @FunctionalInterface
    public interface Type {
        Plot draw(List<Slice> slices, Map<Integer, List<Curves.Point>> epochs);
    }

    static final List<Type> TYPES = List.of(
            (slices, epochs) -> new Plot("heatmaps", "Heatmaps", "Final test error (%) over log2 α × log2 λ, one colour "
                    + "scale for all panels (blue low, red high); each panel's ten best cells are circled, as in the AdamW "
                    + "paper's Figure 2.", Heatmaps.draw(slices), HtmlReport.gridTables(slices)),
            (slices, epochs) -> new Plot("curves", "Learning curves", "", Curves.learning(slices, epochs), ""),
            (slices, epochs) -> new Plot("schedules", "Learning-rate schedules", "", Curves.schedules(slices, epochs), ""));

    private Plots() {
    }

    /** Every registered plot of the study. */
    public static List<Plot> all(List<Slice> slices, Map<Integer, List<Curves.Point>> epochs) {
        return TYPES.stream().map(t -> t.draw(slices, epochs)).toList();
    }
}
