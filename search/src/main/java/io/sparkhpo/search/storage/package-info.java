/**
 * Where a study keeps its trials: the {@link io.sparkhpo.search.storage.Storage} contract, the
 * {@link io.sparkhpo.search.storage.InMemoryStorage}, and the {@link io.sparkhpo.search.storage.JournalStorage}: an
 * append-only, checksummed, fsync'd log of every ask and tell on a local file, with one writer at a time (a file
 * lock), torn-tail recovery, and orphaned trials (asked, never told) retried or failed on reopening.
 */
package io.sparkhpo.search.storage;
