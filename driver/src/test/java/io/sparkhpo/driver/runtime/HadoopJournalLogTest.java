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
 * a MiniDFSCluster, with leases): records replay, a newer writer fences an older one, records share segments rolled
 * every N records, a torn or damaged last record is left out for good, the first layout still opens, object stores
 * are refused. Without leases (a local path) each record is a segment of its own.
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

    /** Hadoop's local file system without its {@code .crc} side files, so that a test can damage a file by hand. */
    private static Configuration raw() {
        Configuration c = new Configuration();
        c.set("fs.file.impl", org.apache.hadoop.fs.RawLocalFileSystem.class.getName());
        c.setBoolean("fs.file.impl.disable.cache", true);
        return c;
    }

    private HadoopJournalLog segments(int records) throws IOException {
        return new HadoopJournalLog(dir(), raw(), records, 1L << 20, false, true);
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(tmp.resolve("journal"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("s-")).sorted().toList();
        }
    }

    /** Records go to a writer's segment, rolled every N records: ten records and three opens are five files here. */
    @Test
    void recordsShareSegmentsRolledEveryNRecords() throws IOException {
        try (JournalStorage j = JournalStorage.open(segments(3), JournalStorage.Orphans.RETRY)) {
            for (int i = 0; i < 10; i++) {
                j.add(new Trial(i, Map.of("lr", 0.5 * i)), false);
            }
        }
        assertEquals(4, files().size(), "records 1-3, 4-6, 7-9 and 10");
        for (int open = 0; open < 2; open++) {
            try (JournalStorage j = JournalStorage.open(segments(3), JournalStorage.Orphans.RETRY)) {
                assertEquals(10, j.trials().size());
                assertEquals(4.5, j.trials().get(9).params().get("lr"));
            }
        }
        assertEquals(6, files().size(), "each writer claims a segment of its own");
    }

    /** A record cut short by a crash (no line end) is never read; the next writers go on after it. */
    @Test
    void aTornLastRecordIsNeverRead() throws IOException {
        for (boolean oneEach : List.of(true, false)) {
            String what = oneEach ? "a record a segment" : "segments";
            try (JournalStorage j = JournalStorage.open(new HadoopJournalLog(dir() + oneEach, raw(), 100, 1L << 20, oneEach, true),
                    JournalStorage.Orphans.RETRY)) {
                j.add(new Trial(0, Map.of("lr", 0.1)), false);
                j.add(new Trial(1, Map.of("lr", 0.2)), false);
            }
            Path last;
            try (Stream<Path> s = Files.list(tmp.resolve("journal" + oneEach))) {
                last = s.sorted().reduce((a, b) -> b).orElseThrow();
            }
            String body = Files.readString(last);
            Files.writeString(last, body.substring(0, body.length() - 7)); // the crash cut it short
            for (int open = 0; open < 2; open++) {
                try (JournalStorage j = JournalStorage.open(new HadoopJournalLog(dir() + oneEach, raw(), 100, 1L << 20, oneEach, true),
                        JournalStorage.Orphans.RETRY)) {
                    assertEquals(1 + open, j.trials().size(), what + ": trial 1's record was torn");
                    j.add(new Trial(1 + open, Map.of("lr", 0.3)), false);
                }
            }
        }
    }

    /** A whole last record that does not decode (a bad checksum) is voided by a line in the next writer's segment. */
    @Test
    void aDamagedLastRecordIsVoidedByTheNextWriter() throws IOException {
        try (JournalStorage j = JournalStorage.open(segments(100), JournalStorage.Orphans.RETRY)) {
            j.add(new Trial(0, Map.of("lr", 0.1)), false);
            j.add(new Trial(1, Map.of("lr", 0.2)), false);
        }
        Path only = files().get(0);
        String body = Files.readString(only);
        int at = body.lastIndexOf("0.2");
        Files.writeString(only, body.substring(0, at) + "0.7" + body.substring(at + 3)); // same length, bad CRC
        try (JournalStorage j = JournalStorage.open(segments(100), JournalStorage.Orphans.RETRY)) {
            assertEquals(1, j.trials().size(), "trial 1's record was damaged");
            j.add(new Trial(1, Map.of("lr", 0.4)), false);
        }
        try (JournalStorage j = JournalStorage.open(segments(100), JournalStorage.Orphans.RETRY)) {
            assertEquals(2, j.trials().size());
            assertEquals(0.4, j.trials().get(1).params().get("lr"), "the damaged record stays void");
        }
        assertTrue(Files.readString(only).contains("0.7"), "a segment another writer wrote is never written again");
    }

    /** Journals of the first layout (a file per record) still open, and new records go to segments after them. */
    @Test
    void aJournalOfTheFirstLayoutStillOpens() throws IOException {
        Path d = tmp.resolve("journal");
        Files.createDirectories(d);
        try (JournalStorage j = JournalStorage.open(segments(100), JournalStorage.Orphans.RETRY)) {
            j.add(new Trial(0, Map.of("lr", 0.1)), false);
            j.finish(0, new Outcome.Complete(0.5));
        }
        // the same two records as the first layout wrote them: r-0000000001 the claim, then one file a record
        String[] records = Files.readString(files().get(0)).split("\n");
        for (Path p : files()) {
            Files.delete(p);
        }
        Files.writeString(d.resolve("r-0000000001"), "old:1:abc\t\u0001claim");
        for (int i = 1; i < records.length; i++) {
            Files.writeString(d.resolve(String.format("r-%010d", i + 1)), "old:1:abc\t" + records[i]);
        }
        try (JournalStorage j = JournalStorage.open(segments(100), JournalStorage.Orphans.RETRY)) {
            assertEquals(TrialState.COMPLETE, j.trials().get(0).state());
            j.add(new Trial(1, Map.of("lr", 0.2)), false);
        }
        try (JournalStorage j = JournalStorage.open(segments(100), JournalStorage.Orphans.RETRY)) {
            assertEquals(2, j.trials().size());
        }
    }

    @Test
    void objectStoresAreRefusedWithWhatToUseInstead() {
        IOException e = assertThrows(IOException.class, () -> HadoopJournalLog.check(new org.apache.hadoop.fs.Path("s3a://bucket/runs/study")));
        assertTrue(e.getMessage().contains("put study.output on HDFS or a local or mounted path"), e.getMessage());
    }
}
