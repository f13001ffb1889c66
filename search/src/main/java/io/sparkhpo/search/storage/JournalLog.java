package io.sparkhpo.search.storage;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * Where a {@link JournalStorage} keeps its records: an ordered log of lines, each made durable before
 * {@link #append} returns, with one writer at a time. {@link LocalJournalLog} is one local file under an OS lock;
 * other implementations (the driver's, on any Hadoop file system) keep the same contract.
 */
public interface JournalLog extends Closeable {

    /** Where it is, for messages (a path or URI). */
    String name();

    /** Every record written so far, in order, without line ends; the last one may be torn by a crash. */
    List<String> lines() throws IOException;

    /** Removes the records from index {@code first} on (a torn tail found while replaying). */
    void dropFrom(int first) throws IOException;

    /**
     * Appends one record and makes it durable before returning.
     *
     * @throws IOException when it cannot, or when another writer has taken the log over (the message names it)
     */
    void append(String line) throws IOException;
}
