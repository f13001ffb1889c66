/**
 * Sweep configuration: HOCON files (Typesafe Config) read into validated records
 * ({@link io.sparkhpo.driver.config.SweepConfig}). Every key is checked, unknown keys included; an error names
 * the file, line, key and offending value ({@link io.sparkhpo.driver.config.ConfigError}). Each key is declared once as
 * a {@link io.sparkhpo.search.registry.Param}: the sections' own in {@link io.sparkhpo.driver.config.SweepKeys}, the
 * hyperparameters in {@link io.sparkhpo.driver.config.Hyperparameter}, a component's in its registry entry; a
 * section allows exactly its declared keys, and {@link io.sparkhpo.driver.config.ConfigReader#get} reads one as declared.
 */
package io.sparkhpo.driver.config;
