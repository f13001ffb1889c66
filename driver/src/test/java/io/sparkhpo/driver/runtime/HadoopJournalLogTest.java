package io.sparkhpo.driver.runtime;


import io.sparkhpo.search.storage.JournalStorage;
import io.sparkhpo.search.trial.Outcome;
import io.sparkhpo.search.trial.Trial;
import io.sparkhpo.search.trial.TrialState;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journal on a Hadoop file system, here through Hadoop's local file system (the HDFS test runs the same journal on
 * a MiniDFSCluster): records replay, a newer writer fences an older one, a torn last record is dropped, object
 * stores are refused.
 */
class HadoopJournalLogTest {

    @TempDir
    Path tmp;

    private String dir() {
        return "file://" + tmp.resolve("journal");
    }

    @Test
    void aStudyReplaysFromItsRecords() throws IOException {
        try (JournalStorage j = JournalStorage.open(new HadoopJournalLog(dir(), new Configuration()), JournalStorage.Orphans.RETRY)) {
            j.add(new Trial(0, Map.of("lr", 0.1)), false);
            j.report(0, 1, 0.5);
            j.finish(0, new Outcome.Complete(0.25));
            j.add(new Trial(1, Map.of("lr", 0.01)), false);
        }
        try (JournalStorage j = JournalStorage.open(new HadoopJournalLog(dir(), new Configuration()), JournalStorage.Orphans.RETRY)) {
            assertEquals(2, j.trials().size());
            assertEquals(TrialState.COMPLETE, j.trials().get(0).state());
            assertEquals(0.25, j.trials().get(0).value().getAsDouble());
            assertEquals(0.1, j.trials().get(0).params().get("lr"));
            assertEquals(1, j.takeOrphan().getAsInt(), "trial 1 was running when the first writer stopped");
        }
    }

    @Test
    void aNewerWriterFencesAnOlderOne() throws IOException {
        HadoopJournalLog first = new HadoopJournalLog(dir(), new Configuration());
        JournalStorage a = JournalStorage.open(first, JournalStorage.Orphans.RETRY);
        a.add(new Trial(0, Map.of("lr", 0.1)), false);
        HadoopJournalLog second = new HadoopJournalLog(dir(), new Configuration());
        try (JournalStorage b = JournalStorage.open(second, JournalStorage.Orphans.RETRY)) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> a.report(0, 1, 0.5));
            assertTrue(e.getMessage().contains("taken over by " + second.writer()), e.getMessage());
            b.finish(0, new Outcome.Complete(0.3)); // the newer writer goes on
        }
        try (JournalStorage c = JournalStorage.open(new HadoopJournalLog(dir(), new Configuration()), JournalStorage.Orphans.RETRY)) {
            assertEquals(TrialState.COMPLETE, c.trials().get(0).state());
            assertTrue(c.trials().get(0).intermediate().isEmpty(), "the fenced writer's report never landed");
        }
    }

    @Test
    void aTornLastRecordIsDropped() throws IOException {
        try (JournalStorage j = JournalStorage.open(new HadoopJournalLog(dir(), new Configuration()), JournalStorage.Orphans.RETRY)) {
            j.add(new Trial(0, Map.of("lr", 0.1)), false);
            j.add(new Trial(1, Map.of("lr", 0.2)), false);
        }
        Path last;
        try (Stream<Path> s = Files.list(tmp.resolve("journal"))) {
            List<Path> records = s.filter(p -> p.getFileName().toString().startsWith("r-")).sorted().toList();
            last = records.get(records.size() - 1);
        }
        String body = Files.readString(last);
        Files.writeString(last, body.substring(0, body.length() - 7)); // the crash cut it short
        try (JournalStorage j = JournalStorage.open(new HadoopJournalLog(dir(), new Configuration()), JournalStorage.Orphans.RETRY)) {
            assertEquals(1, j.trials().size(), "trial 1's record was torn");
        }
        assertTrue(!Files.exists(last), "and removed");
    }

    @Test
    void objectStoresAreRefusedWithWhatToUseInstead() {
        IOException e = assertThrows(IOException.class, () -> HadoopJournalLog.check(new org.apache.hadoop.fs.Path("s3a://bucket/runs/study")));
        assertTrue(e.getMessage().contains("put study.output on HDFS or a local or mounted path"), e.getMessage());
    }
}
