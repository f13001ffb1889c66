/**
 * A Spark standalone cluster on this machine (a master and workers as child JVMs, bound to 127.0.0.1), for the
 * cluster tests and {@code bench-cluster}; not used by a sweep.
 */
package io.sparkhpo.driver.cluster;
