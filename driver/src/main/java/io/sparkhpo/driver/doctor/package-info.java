/**
 * {@code sparkhpo doctor}: one Spark task per executor slot reports where it runs (executor, host, cores, the GPUs
 * Spark gave it), what the configured engine loaded there (native library, version, the GPUs it sees), how fast the
 * configured model trains on that device, and a verdict with the fix for each problem found ({@link Verdict}, which
 * uses the same {@link io.sparkhpo.executors.train.DeviceCheck} as every trial's task).
 */
package io.sparkhpo.driver.doctor;
