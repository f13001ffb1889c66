/**
 * What every command that runs on Spark shares: the Spark session and the cluster's slots
 * ({@link io.sparkhpo.driver.runtime.SparkSessions}), the data ({@link io.sparkhpo.driver.runtime.StudyData}), the
 * study folder's set-up, config copy and full URI ({@link io.sparkhpo.driver.runtime.StudyOutput}), its journal on any
 * Hadoop file system ({@link io.sparkhpo.driver.runtime.StudyJournal}, {@link io.sparkhpo.driver.runtime.HadoopJournalLog})
 * and PBT's ({@link io.sparkhpo.driver.runtime.PbtJournal}), trial checkpoints
 * ({@link io.sparkhpo.driver.runtime.HadoopCheckpointStore}), where a task runs: its host, its GPU and what its engine
 * loaded ({@link io.sparkhpo.driver.runtime.TaskResources}), and the code's version
 * ({@link io.sparkhpo.driver.runtime.CodeVersion}). Sweeps, retrain, lr-find and doctor use it; it uses none of them.
 */
package io.sparkhpo.driver.runtime;
