/**
 * Running a trial inside a task: the engine interface ({@link io.sparkhpo.executors.train.TrainingEngine},
 * {@link io.sparkhpo.executors.train.TrainingSession}), the serializable
 * {@link io.sparkhpo.executors.train.TrialSpec} that says what to train, the
 * {@link io.sparkhpo.executors.train.TrialRunner} that trains epochs, evaluates after each, stops on divergence,
 * and returns a {@link io.sparkhpo.executors.train.TrialResult}; what a session copies between the heap and its
 * engine ({@link io.sparkhpo.executors.train.Traffic}) and where a step's time goes
 * ({@link io.sparkhpo.executors.train.StepProfile}). Engines are found by name through
 * {@link java.util.ServiceLoader}, so a new engine needs no change outside its own package.
 */
package io.sparkhpo.executors.train;
