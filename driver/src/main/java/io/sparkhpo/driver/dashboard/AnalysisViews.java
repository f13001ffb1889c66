package io.sparkhpo.driver.dashboard;

import io.sparkhpo.driver.analysis.ChartData;

import java.util.List;
import java.util.Map;

/**
 * The dashboard's views that come from the analysis library, so the page shows what {@code analyze} measures: each
 * slice's separability heatmap with its measures and functional-ANOVA importances (on the slice's α × λ grid or
 * fitted surface, not on a random forest), learning curves coloured by a parameter, the Pareto front and a PBT
 * population, from the snapshot's trial and epoch records. Their series are {@link ChartData}'s (the report's plots
 * draw the same {@code ChartSeries}); here they are put under the study's header.
 */
final class AnalysisViews {

    private AnalysisViews() {
    }

    /** Each slice's heatmap, measures and importances ({@link ChartData#heatmaps}) under the study's header. */
    static Map<String, Object> heatmaps(StudySource.Snapshot s) {
        Map<String, Object> o = StudyViews.header(s);
        if (ChartData.userObjective(s.trials())) {
            o.put("slices", List.of()); // the separability analysis reads the built-in network's columns
            return o;
        }
        o.putAll(ChartData.heatmaps(s.trials()));
        return o;
    }

    /** The learning curves of the best completed trials ({@link ChartData#curves}), each with the value of {@code colour}. */
    static Map<String, Object> curves(StudySource.Snapshot s, String colour) {
        List<String> names = StudyViews.paramNames(s);
        if (!colour.isEmpty() && !names.contains(colour)) {
            throw new IllegalArgumentException("color: no parameter '" + colour + "' (parameters: " + names + ")");
        }
        Map<String, Object> o = StudyViews.header(s);
        o.put("color", colour);
        o.put("parameters", names);
        o.putAll(ChartData.curves(s.trials(), s.epochs(), colour));
        return o;
    }

    /** A multi-objective study's completed trials in its first two objectives, with their Pareto ranks ({@link ChartData#pareto}). */
    static Map<String, Object> pareto(StudySource.Snapshot s) {
        Map<String, Object> o = StudyViews.header(s);
        o.putAll(ChartData.pareto(s.trials()));
        return o;
    }

    /**
     * A PBT study's population ({@link ChartData#pbt}): each member's learning rate, weight decay and test error by
     * epoch (1-based), and the exploits ({@code [epoch, source, target]}). {@code members} is empty for a study that
     * is not PBT.
     */
    static Map<String, Object> pbt(StudySource.Snapshot s) {
        Map<String, Object> o = StudyViews.header(s);
        o.putAll(ChartData.pbt(s.trials(), s.epochs(), s.exploits()));
        return o;
    }
}
