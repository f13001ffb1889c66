/**
 * Running a trial inside a task: the engine interface ({@link io.sparkhpo.executors.train.TrainingEngine}: what an
 * engine declares to the driver, and {@link io.sparkhpo.executors.train.TrainingSession}), the step and checkpoint
 * layout both engines share ({@link io.sparkhpo.executors.train.EngineSession}: one pass a step, two with SAM),
 * data-parallel training
 * ({@link io.sparkhpo.executors.train.DataParallelTraining}), the serializable
 * {@link io.sparkhpo.executors.train.TrialSpec} that says what to train, the
 * {@link io.sparkhpo.executors.train.TrialRunner} that trains epochs, evaluates after each, stops on divergence,
 * and returns a {@link io.sparkhpo.executors.train.TrialResult}; what a session copies between the heap and its
 * engine ({@link io.sparkhpo.executors.train.Traffic}) and where a step's time goes
 * ({@link io.sparkhpo.executors.train.StepProfile}). Engines are found by name through {@link java.util.ServiceLoader}
 * ({@link io.sparkhpo.executors.train.Engines}); the driver never names one. Where a task may train:
 * {@link io.sparkhpo.executors.train.Device} ({@code training.device}), what an engine loaded
 * ({@link io.sparkhpo.executors.train.EngineRuntime}) and the check between them
 * ({@link io.sparkhpo.executors.train.DeviceCheck}); {@link io.sparkhpo.executors.train.SpeedProbe} times a trial's
 * steps for {@code doctor}.
 */
package io.sparkhpo.executors.train;
