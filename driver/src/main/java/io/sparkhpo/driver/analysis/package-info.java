/**
 * The analysis of a finished sweep: how separable the learning rate α and the weight decay λ are in each
 * (optimizer, weight-decay mode, schedule) slice (DESIGN.md, "Separability, measured"), the AdamW paper's Figure 2
 * heatmaps, learning curves and LR-schedule curves, the {@code separability} table and a self-contained HTML report.
 * The measures are pure functions of the cells ({@link io.sparkhpo.driver.analysis.GridSeparability},
 * {@link io.sparkhpo.driver.analysis.SurfaceSeparability}); {@link io.sparkhpo.driver.analysis.StudyAnalyzer} reads
 * the tables with Spark SQL and writes the outputs.
 */
package io.sparkhpo.driver.analysis;
