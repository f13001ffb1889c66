/** {@code sparkhpo lr-find}: the learning-rate range test in one JVM, its table and plot. */
package io.sparkhpo.driver.lrfind;
