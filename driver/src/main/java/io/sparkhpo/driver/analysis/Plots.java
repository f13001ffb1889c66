package io.sparkhpo.driver.analysis;

import java.util.List;
import java.util.Optional;

/**
 * The report's plots, in the order it shows them: each entry draws one {@link Plot} from the study (its slices,
 * trials and epochs), or none where it does not apply (the Pareto front of a single-objective study).
 * A new plot is its drawing code plus one entry in {@link #TYPES}; the report, the files written beside it and the
 * notebooks' {@link Analysis#plots} take it from here.
 */
public final class Plots {

    /** How a plot is drawn from a study (its slices, trials and each trial's epochs); empty where it does not apply. */
    @FunctionalInterface
    public interface Type {
        Optional<Plot> draw(Analysis.Study study);
    }

    static final List<Type> TYPES = List.of(
            s -> Optional.of(heatmaps(s.slices())),
            s -> Optional.of(new Plot("curves", "Learning curves", "", Curves.learning(s.slices(), s.epochs()), "")),
            s -> Optional.of(new Plot("schedules", "Learning-rate schedules", "", Curves.schedules(s.slices(), s.epochs()), "")),
            ParetoFront::draw,
            PbtPlots::draw);

    private static Plot heatmaps(List<Slice> slices) {
        return new Plot("heatmaps", "Heatmaps", "Final test error (%) over log2 α × log2 λ, one colour scale for all "
                + "panels (blue low, red high); each panel's ten best cells are circled, as in the AdamW paper's Figure 2.",
                Heatmaps.draw(slices), HtmlReport.gridTables(slices));
    }

    private Plots() {
    }

    /** Every registered plot that applies to the study. */
    public static List<Plot> all(Analysis.Study study) {
        return TYPES.stream().map(t -> t.draw(study)).flatMap(Optional::stream).toList();
    }
}
