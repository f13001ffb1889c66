package io.sparkhpo.driver.runtime;

import io.sparkhpo.driver.cluster.MiniHdfs;
import io.sparkhpo.search.storage.JournalStorage;
import io.sparkhpo.search.trial.Outcome;
import io.sparkhpo.search.trial.Trial;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The study journal at a cluster sweep's size, on a MiniDFSCluster this process starts: a synthetic study of
 * {@code --trials} trials reporting {@code --epochs} epochs each (an add, the reports and a finish per trial), written
 * in segments and, for the same study on a smaller scale ({@code --layout-trials}), in the first layout (a file per
 * record); for each, the journal's files, the time to write, and the time to open it again and replay it (what a
 * resumed sweep does first); then the tables of a study of {@code --table-trials} trials (default: {@code --trials})
 * as sweeps write them, one part per trial, and after {@code compact}: their files, the time to write or compact
 * them, and the dashboard's first read. Records are flushed to the DataNode ({@code hflush}) rather than synced to its disk, so
 * that a million records write in minutes; replay does not depend on it. Rerun with:
 *
 * <pre>bin/sparkhpo bench-storage [--trials 10000] [--epochs 100] [--layout-trials 100] [--table-trials N]</pre>
 */
public final class StorageBenchmark {

    private StorageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int trials = 10_000;
        int epochs = 100;
        int firstLayoutTrials = 100;
        int tableTrials = -1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--trials" -> trials = Integer.parseInt(args[++i]);
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--layout-trials" -> firstLayoutTrials = Integer.parseInt(args[++i]);
                case "--table-trials" -> tableTrials = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("bench-storage: unknown argument '" + args[i]
                            + "'; known: --trials N, --epochs N, --layout-trials N, --table-trials N");
                    System.exit(2);
                }
            }
        }
        Path dir = Files.createTempDirectory("sparkhpo-bench-storage");
        MiniDFSCluster hdfs = MiniHdfs.start(dir.resolve("hdfs"));
        try {
            String root = MiniHdfs.uri(hdfs);
            System.out.printf(Locale.ROOT, "journal of %d trials x %d epochs (%,d records) on a MiniDFSCluster (1 DataNode), hflush%n",
                    trials, epochs, (long) trials * (epochs + 2));
            System.out.println("layout                      trials    records  files   write s  records/s  open+replay s");
            run("segments (100,000 a file)", root + "/segments", trials, epochs, false);
            run("a file per record (before)", root + "/records", firstLayoutTrials, epochs, true);
            tables(root + "/tables/bench", tableTrials < 0 ? trials : tableTrials, epochs);
        } finally {
            hdfs.shutdown();
        }
    }

    /** The tables of a synthetic study as sweeps write them (a part per trial), then compacted. */
    private static void tables(String study, int trials, int epochs) throws Exception {
        Configuration conf = new Configuration();
        System.out.printf(Locale.ROOT, "%ntables of %d trials x %d epochs (a trials and an epochs part per trial, written "
                + "by 16 threads)%n", trials, epochs);
        long start = System.nanoTime();
        ClassLoader loader = Thread.currentThread().getContextClassLoader(); // Maven's, which holds Hadoop's classes
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(16, p -> {
            java.util.concurrent.ForkJoinWorkerThread t = java.util.concurrent.ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setContextClassLoader(loader);
            return t;
        }, null, false);
        try {
            pool.submit(() -> io.sparkhpo.driver.bench.SyntheticStudy.write(study, "bench", trials, epochs, 1)).get();
        } finally {
            pool.shutdown();
        }
        double write = (System.nanoTime() - start) / 1e9;
        System.out.println("                              files   seconds  dashboard's first read s");
        System.out.printf(Locale.ROOT, "as written                 %8d %9.1f %25.2f%n", files(study, conf), write, firstRead(study, conf));
        start = System.nanoTime();
        new io.sparkhpo.driver.tables.TableCompactor(study, conf).compactAll();
        double compact = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "compacted                  %8d %9.1f %25.2f%n", files(study, conf), compact, firstRead(study, conf));
    }

    private static long files(String study, Configuration conf) throws IOException {
        org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(study);
        org.apache.hadoop.fs.FileSystem fs = dir.getFileSystem(conf);
        long n = 0;
        for (String table : java.util.List.of("trials", "epochs")) {
            for (org.apache.hadoop.fs.FileStatus s : fs.listStatus(new org.apache.hadoop.fs.Path(dir, table))) {
                n += s.getPath().getName().endsWith(".parquet") ? 1 : 0;
            }
        }
        return n;
    }

    /** Seconds until the dashboard has read the study's tables and answers. */
    private static double firstRead(String study, Configuration conf) {
        long start = System.nanoTime();
        try (io.sparkhpo.driver.dashboard.DashboardServer server = io.sparkhpo.driver.dashboard.DashboardServer.start(
                java.util.List.of(io.sparkhpo.driver.dashboard.DashboardServer.Served.folder(study)),
                new io.sparkhpo.driver.dashboard.DashboardServer.Options("127.0.0.1", 0, java.util.Optional.empty()), conf)) {
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private static void run(String layout, String journal, int trials, int epochs, boolean oneRecordEach) throws IOException {
        Configuration conf = new Configuration();
        long start = System.nanoTime();
        try (JournalStorage j = JournalStorage.open(new HadoopJournalLog(journal, conf, HadoopJournalLog.ROLL_RECORDS,
                HadoopJournalLog.ROLL_BYTES, oneRecordEach, false), JournalStorage.Orphans.RETRY)) {
            for (int t = 0; t < trials; t++) {
                j.add(new Trial(t, Map.of("lr", 1e-3 * (1 + t % 97), "weight_decay", 1e-5 * (1 + t % 89))), false);
                for (int e = 1; e <= epochs; e++) {
                    j.report(t, e, 1.0 / (e + t % 7));
                }
                j.finish(t, new Outcome.Complete(1.0 / (epochs + t % 7)));
            }
        }
        double write = (System.nanoTime() - start) / 1e9;
        long records = (long) trials * (epochs + 2);
        start = System.nanoTime();
        int files;
        try (HadoopJournalLog log = new HadoopJournalLog(journal, conf, HadoopJournalLog.ROLL_RECORDS,
                HadoopJournalLog.ROLL_BYTES, oneRecordEach, false);
             JournalStorage j = JournalStorage.open(log, JournalStorage.Orphans.RETRY)) {
            if (j.trials().size() != trials) {
                throw new IllegalStateException("replayed " + j.trials().size() + " trials of " + trials);
            }
            files = log.files();
        }
        double replay = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%-26s %7d %10d %6d %9.1f %10.0f %14.2f%n", layout, trials, records, files, write,
                records / write, replay);
    }
}
