package io.sparkhpo.driver.sweep;

import io.sparkhpo.executors.train.TrialResult;

import java.io.Serializable;

/**
 * What a trial's Spark task sends back: the trial's result and where it ran.
 *
 * @param result   the executor's result
 * @param executor Spark executor id ({@code driver} in local mode)
 * @param host     the executor's host name
 * @param gpu      GPU addresses Spark assigned to the task, comma-separated; {@code null} without GPUs
 */
public record TaskOutput(TrialResult result, String executor, String host, String gpu) implements Serializable {
}
