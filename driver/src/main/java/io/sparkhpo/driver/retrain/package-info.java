/**
 * {@code sparkhpo retrain --best}: a study's best trial trained again on the whole training set, data-parallel on
 * the cluster through an engine's {@link io.sparkhpo.executors.train.DataParallelTraining}, with its own table
 * ({@link io.sparkhpo.driver.retrain.RetrainTable}) and model file, resumable.
 */
package io.sparkhpo.driver.retrain;
