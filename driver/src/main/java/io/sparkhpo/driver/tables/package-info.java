/**
 * The study's Parquet tables ({@code trials}, {@code epochs}): their schemas, atomic appends through the Hadoop
 * FileSystem API (local, HDFS, S3A), and the ranked summary printed at the end of a sweep.
 */
package io.sparkhpo.driver.tables;
