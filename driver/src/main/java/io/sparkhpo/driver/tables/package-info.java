/**
 * The study's Parquet tables ({@code trials}, {@code epochs}): their schemas (the rule columns from the optimizer
 * registry), atomic appends through the Hadoop FileSystem API (local, HDFS, S3A), and the ranked summary printed at
 * the end of a sweep. Rows are written as maps by column ({@code StudyTables#trialRow}, {@code ParquetTableWriter}); read
 * back, by Spark ({@code StudyTables#maps}) or by the dashboard's parquet reader, each becomes one typed record:
 * {@link io.sparkhpo.driver.tables.TrialRecord} for a trials row, {@link io.sparkhpo.driver.tables.EpochRecord} for an
 * epochs row (both {@link io.sparkhpo.driver.tables.TableRecord}s), which the analysis, the report and the dashboard read. What a trial tells the study is read from its row
 * ({@code Objective}, {@code Objectives}), and a multi-objective study's {@code pareto_rank} column is kept by
 * {@code ParetoRanks}. docs/tables.md describes every column.
 */
package io.sparkhpo.driver.tables;
