package io.sparkhpo.driver.doctor;

import java.io.Serializable;

/**
 * What one executor slot reported.
 *
 * @param slot            the task's index
 * @param executor        Spark executor id ({@code driver} in local mode)
 * @param host            the executor's host
 * @param cores           the executor's cores ({@code spark.executor.cores}, else the JVM's processors)
 * @param threads         the intra-op threads a trial gets in this slot
 * @param gpus            the GPU addresses Spark gave the task, comma-separated, or {@code -}
 * @param engine          the engine's name
 * @param library         what the engine loaded ({@link io.sparkhpo.executors.train.EngineRuntime#describe()})
 * @param imagesPerSecond training speed of the configured model there, NaN when it was not measured
 * @param steps           the steps timed
 * @param verdict         the judgement and, for a problem, its fix
 */
public record DoctorRow(int slot, String executor, String host, int cores, int threads, String gpus, String engine,
                        String library, double imagesPerSecond, int steps, Verdict verdict) implements Serializable {
}
