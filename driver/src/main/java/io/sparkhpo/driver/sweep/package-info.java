/**
 * Running a sweep: the study asks for trials, each trial runs as its own one-task Spark job (up to
 * {@code parallelism} in flight), finished trials are told to the study and appended to the Parquet tables, and
 * progress goes to stderr.
 */
package io.sparkhpo.driver.sweep;
