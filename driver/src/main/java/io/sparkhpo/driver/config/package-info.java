/**
 * Sweep configuration: HOCON files (Typesafe Config) read into validated records
 * ({@link io.sparkhpo.driver.config.SweepConfig}). Every key is checked, unknown keys included; an error names
 * the file, line, key and offending value ({@link io.sparkhpo.driver.config.ConfigError}).
 */
package io.sparkhpo.driver.config;
