/**
 * Running a sweep: the study asks for trials, each trial runs as its own one-task Spark job (or a chain of them,
 * one per segment, with a checkpoint between) up to {@code parallelism} in flight ({@code Dispatcher},
 * {@code TrialTask}), finished trials are told to the study and appended to the Parquet tables, progress goes to
 * stderr, and a resumed sweep squares its journal with the tables ({@link io.sparkhpo.driver.sweep.SweepRunner}).
 * Also what the other commands share with it: the Spark session ({@link io.sparkhpo.driver.runtime.SparkSessions}),
 * the data ({@link io.sparkhpo.driver.runtime.StudyData}), trial specs ({@link io.sparkhpo.driver.builtin.TrialFactory}),
 * checkpoints on any Hadoop file system ({@link io.sparkhpo.driver.runtime.HadoopCheckpointStore}) and the study
 * folder's set-up and config copy ({@link io.sparkhpo.driver.runtime.StudyOutput}), and where a task runs: its host,
 * its GPU and what its engine loaded ({@link io.sparkhpo.driver.runtime.TaskResources}). A task given a GPU its engine
 * cannot use fails its trial at once and stops the sweep ({@code TrialTask}, {@code Dispatcher#stopReason}).
 * {@code WarmStart} gives the sampler earlier studies' trials ({@code search.warm_start}) and copies them, marked,
 * into the trials table. {@code search.strategy = pbt} runs the population through {@code PbtSweep} and
 * {@code PbtLoop} (segments through per-boundary checkpoints, exploit and explore by the search library's
 * {@code Pbt}), with its decisions journaled in {@code PbtJournal}. {@code LiveDashboard} serves a running sweep's
 * dashboard, with the trials in flight ({@code Progress}) and where they run ({@code TrialAttempts}).
 */
package io.sparkhpo.driver.sweep;

import io.sparkhpo.driver.runtime.PbtJournal;
