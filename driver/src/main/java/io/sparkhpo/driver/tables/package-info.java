/**
 * The study's Parquet tables ({@code trials}, {@code epochs}): their schemas (the rule columns from the optimizer
 * registry), atomic appends through the Hadoop FileSystem API (local, HDFS, S3A), and the ranked summary printed at
 * the end of a sweep. docs/tables.md describes every column.
 */
package io.sparkhpo.driver.tables;
