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
 * @param unusableDevice the task could not train where {@code training.device} says (a GPU its engine cannot use):
 *                 every trial would fail the same way, so the sweep stops asking for more
 */
public record TaskOutput(TrialResult result, String executor, String host, String gpu, boolean unusableDevice)
        implements Serializable {
}
