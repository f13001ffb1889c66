/**
 * The command line ({@code sparkhpo sweep --config FILE}, ...): progress on stderr, results on stdout, exit
 * code 2 with a one-line message (no stack trace) for bad input, 1 for failures.
 */
package io.sparkhpo.driver.cli;
