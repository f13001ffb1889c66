package io.sparkhpo.driver.runtime;

import io.sparkhpo.driver.study.StudyLayout;
import io.sparkhpo.driver.study.UserError;
import io.sparkhpo.search.storage.JournalLog;
import io.sparkhpo.search.storage.JournalStorage;
import io.sparkhpo.search.storage.LocalJournalLog;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;

/**
 * A study's journal, the ask/tell record a resumed sweep continues from: on a local path one fsync'd file under an OS
 * lock ({@code STUDY/journal.log}, {@link LocalJournalLog}); on any other Hadoop file system a folder of immutable,
 * fenced records ({@code STUDY/journal/}, {@link HadoopJournalLog}). Object stores are refused: a sweep never runs
 * without a journal.
 */
public final class StudyJournal {

    private StudyJournal() {
    }

    /** @throws UserError when the study folder's file system cannot hold a journal, saying what to use instead */
    public static void check(String studyDir) {
        if (local(studyDir) == null) {
            try {
                HadoopJournalLog.check(new Path(studyDir));
            } catch (IOException e) {
                throw new UserError("study.output " + studyDir + ": " + e.getMessage());
            }
        }
    }

    /** Whether an earlier sweep left a journal in the study folder. */
    public static boolean exists(String studyDir, Configuration conf) {
        java.nio.file.Path file = local(studyDir);
        if (file != null) {
            return Files.exists(file);
        }
        Path dir = new Path(studyDir, StudyLayout.JOURNAL_DIR);
        try {
            return dir.getFileSystem(conf).exists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Who writes the study now, if anyone can be seen to: on a local path a sweep holds the journal's lock; on HDFS
     * its segment is still open (a sweep that was killed holds it until HDFS recovers the lease, at most an hour).
     */
    public static java.util.Optional<String> writer(String studyDir, Configuration conf) {
        java.nio.file.Path file = local(studyDir);
        try {
            if (file != null) {
                if (!Files.exists(file)) {
                    return java.util.Optional.empty();
                }
                try (io.sparkhpo.search.storage.LocalJournalLog log = new io.sparkhpo.search.storage.LocalJournalLog(file, false)) {
                    return java.util.Optional.empty();
                } catch (IOException e) {
                    return java.util.Optional.of("a sweep holds its journal " + file);
                }
            }
            return HadoopJournalLog.openSegment(new Path(studyDir, StudyLayout.JOURNAL_DIR).toString(), conf);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the journal of " + studyDir + ": " + e.getMessage(), e);
        }
    }

    /** Where the journal is, for messages. */
    public static String describe(String studyDir) {
        java.nio.file.Path file = local(studyDir);
        return file != null ? file.toString() : new Path(studyDir, StudyLayout.JOURNAL_DIR).toString();
    }

    /**
     * Opens (or creates) the journal; trials a dead sweep left running are handed out again, and the tables are
     * repaired where a {@code compact} was killed ({@code TableCompactor#repair}).
     *
     * @throws UserError when it cannot be opened: in use, unreadable, corrupt
     */
    public static JournalStorage open(String studyDir, Configuration conf) {
        try {
            java.nio.file.Path file = local(studyDir);
            JournalLog log = file != null ? new LocalJournalLog(file, true)
                    : new HadoopJournalLog(new Path(studyDir, StudyLayout.JOURNAL_DIR).toString(), conf);
            JournalStorage journal = JournalStorage.open(log, JournalStorage.Orphans.RETRY);
            try { // the study is this sweep's now: finish or roll back what a killed compaction left of its tables
                new io.sparkhpo.driver.tables.TableCompactor(studyDir, conf).repair();
            } catch (IOException e) {
                journal.close();
                throw new IOException("repairing its tables after an interrupted compaction: " + e.getMessage(), e);
            }
            return journal;
        } catch (IOException e) {
            throw new UserError("cannot open the study journal " + describe(studyDir) + ": " + e.getMessage());
        }
    }

    /** The journal file when the study folder is local, else null. */
    private static java.nio.file.Path local(String studyDir) {
        URI uri = new Path(studyDir).toUri();
        if (uri.getScheme() != null && !uri.getScheme().equals("file")) {
            return null;
        }
        return java.nio.file.Path.of(uri.getPath()).resolve(StudyLayout.JOURNAL);
    }
}
