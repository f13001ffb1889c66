/**
 * The analysis of a sweep: how separable the learning rate α and the weight decay λ are in each (optimizer,
 * weight-decay mode, schedule) slice (docs/separability.md), the AdamW paper's Figure 2 heatmaps, learning curves and
 * LR-schedule curves, a multi-objective study's Pareto front ({@code ParetoFront}), the {@code separability} table and a
 * self-contained HTML report, whose history, parallel-coordinate, slice and importance charts are the dashboard's:
 * {@link io.sparkhpo.driver.analysis.ChartData} computes their points for both, and {@code charts.js} (a resource
 * here) draws them in both ({@code ReportCharts} inlines it). The charts the report draws with XChart and the dashboard
 * with ECharts (learning curves, the Pareto front, a PBT population) have their series computed once, from the
 * tables' rows as {@link io.sparkhpo.driver.tables.TrialRecord}s and {@link io.sparkhpo.driver.tables.EpochRecord}s
 * (what Spark's reader and the dashboard's both give), by {@link io.sparkhpo.driver.analysis.ChartSeries}: the
 * report's plots ({@code Curves}, {@code ParetoFront}, {@code PbtPlots}) only draw them, {@code ChartData} only turns them into the dashboard's JSON.
 * The measures are pure functions of the cells ({@link io.sparkhpo.driver.analysis.GridSeparability},
 * {@link io.sparkhpo.driver.analysis.SurfaceSeparability}); {@link io.sparkhpo.driver.analysis.Analysis} is the
 * public API (the notebooks use it), {@link io.sparkhpo.driver.analysis.Plots} the plot registry, and
 * {@link io.sparkhpo.driver.analysis.StudyAnalyzer} writes the outputs of {@code sparkhpo analyze}.
 */
package io.sparkhpo.driver.analysis;
