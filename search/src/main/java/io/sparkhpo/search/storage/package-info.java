/** Where a study keeps its trials: {@link io.sparkhpo.search.storage.Storage} and its in-memory implementation. */
package io.sparkhpo.search.storage;
