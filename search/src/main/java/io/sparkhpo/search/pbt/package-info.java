/**
 * Population-based training's decisions (Jaderberg et al. 2017, as Ray Tune's {@code PopulationBasedTraining} makes
 * them): {@link io.sparkhpo.search.pbt.Pbt} says, for a member that has just reached a perturbation boundary, whether
 * it exploits a better member (copies its weights and optimizer state) and how it explores (perturbs or resamples the
 * mutated hyperparameters). Pure and seeded per (member, epoch), so a resumed run decides as an uninterrupted one.
 * Running the members (Spark jobs, checkpoints, tables) is the driver's.
 */
package io.sparkhpo.search.pbt;
