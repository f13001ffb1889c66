/**
 * The live, read-only web dashboard ({@code sparkhpo dashboard STUDY_DIR...}, {@code sweep --dashboard}): the JDK's
 * own HTTP server ({@link io.sparkhpo.driver.dashboard.DashboardServer}) serving one page (HTML, JS and CSS in this
 * package's resources folder; the charts' {@code charts.js} and points from the analysis package, shared with the
 * report; ECharts from its WebJar) and a JSON API ({@code Routes}). Studies are read from their
 * Parquet parts without Spark and re-read only where they changed ({@code TableReader}, whose rows {@code StudySource}
 * turns into {@link io.sparkhpo.driver.tables.TrialRecord}s and {@link io.sparkhpo.driver.tables.EpochRecord}s once per
 * change, the records the report reads too);
 * views are aggregated on the server ({@code StudyViews}, {@code AnalysisViews}), every chart's series by the analysis
 * package's {@code ChartData} (no chart is computed here). A non-loopback bind needs a token
 * ({@code Access}); every response carries a strict Content-Security-Policy ({@code Headers}). docs/dashboard.md.
 */
package io.sparkhpo.driver.dashboard;
