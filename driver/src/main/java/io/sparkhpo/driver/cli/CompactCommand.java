package io.sparkhpo.driver.cli;

import io.sparkhpo.driver.runtime.StudyJournal;
import io.sparkhpo.driver.study.UserError;
import io.sparkhpo.driver.tables.TableCompactor;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code sparkhpo compact STUDY_DIR}: each table's part files rewritten into a few, crash-safe. */
@Command(name = "compact", mixinStandardHelpOptions = true,
        description = "Rewrite each table of a study (trials, epochs, pbt, ...), one part file per trial as a sweep "
                + "writes them, into a few files, so that readers open a few files instead of thousands. Crash-safe: a "
                + "killed run is finished or rolled back by the next compact or sweep. Refused while a sweep writes "
                + "the study.")
final class CompactCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "STUDY_DIR", description = "the study folder (OUTPUT/NAME); any Hadoop path, e.g. hdfs://...")
    String studyDir;

    @Override
    public Integer call() throws IOException {
        Configuration conf = new Configuration();
        String dir = io.sparkhpo.driver.runtime.StudyOutput.qualified(studyDir, conf);
        java.util.Optional<String> writer = StudyJournal.writer(dir, conf);
        if (writer.isPresent()) {
            throw new UserError("compact " + dir + ": " + writer.get() + "; compact once the sweep has ended");
        }
        TableCompactor compactor = new TableCompactor(dir, conf);
        if (compactor.tables().isEmpty()) {
            throw new UserError("compact " + dir + ": no tables there (a study folder holds trials/ and epochs/)");
        }
        long start = System.nanoTime();
        java.io.PrintWriter out = spec.commandLine().getOut();
        for (TableCompactor.Result r : compactor.compactAll()) {
            out.println(r.rows() < 0
                    ? String.format(Locale.ROOT, "%-12s %6d files: already compact", r.table(), r.partsBefore())
                    : String.format(Locale.ROOT, "%-12s %6d files -> %d (%d rows)", r.table(), r.partsBefore(),
                    r.filesAfter(), r.rows()));
        }
        out.flush();
        System.err.printf(Locale.ROOT, "sparkhpo: compact: %s in %.1f s%n", dir, (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
