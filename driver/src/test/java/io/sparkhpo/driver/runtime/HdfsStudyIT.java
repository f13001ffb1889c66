package io.sparkhpo.driver.runtime;


import io.sparkhpo.driver.cli.CliRun;
import io.sparkhpo.driver.cluster.MiniHdfs;
import io.sparkhpo.executors.data.TestData;
import io.sparkhpo.search.storage.JournalStorage;
import io.sparkhpo.search.trial.Outcome;
import io.sparkhpo.search.trial.Trial;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A study on a real HDFS (Hadoop's MiniDFSCluster, one NameNode and one DataNode on 127.0.0.1, started and stopped
 * here): the journal's records and fencing on HDFS, and a whole sweep whose data set (CIFAR-10 binary files put there)
 * and study folder are {@code hdfs://} URIs: tables, checkpoints, the journal and the analysis on HDFS, read back with
 * plain Spark SQL, and the same command run again resuming by itself.
 */
class HdfsStudyIT {

    @TempDir
    static Path dir;
    static MiniDFSCluster hdfs;
    static String root;
    static Path cifar;

    @BeforeAll
    static void start() throws IOException {
        hdfs = MiniHdfs.start(dir.resolve("hdfs"));
        root = MiniHdfs.uri(hdfs);
        cifar = TestData.writeCifar10(dir.resolve("cifar"), 60, 120, 5);
    }

    @AfterAll
    static void stop() {
        if (hdfs != null) {
            hdfs.shutdown();
        }
    }

    @Test
    void theJournalReplaysAndFencesOnHdfs() throws IOException {
        String journal = root + "/journal-test/journal";
        HadoopJournalLog first = new HadoopJournalLog(journal, new Configuration());
        JournalStorage a = JournalStorage.open(first, JournalStorage.Orphans.RETRY);
        a.add(new Trial(0, Map.of("lr", 0.1)), false);
        a.finish(0, new Outcome.Complete(0.5));
        a.add(new Trial(1, Map.of("lr", 0.2)), false);
        HadoopJournalLog second = new HadoopJournalLog(journal, new Configuration());
        try (JournalStorage b = JournalStorage.open(second, JournalStorage.Orphans.RETRY)) {
            assertEquals(2, b.trials().size());
            assertEquals(1, b.takeOrphan().getAsInt(), "trial 1 was running when the first writer was taken over");
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> a.finish(1, new Outcome.Complete(0.4)));
            assertTrue(e.getMessage().contains("taken over by " + second.writer()), e.getMessage());
            b.finish(1, new Outcome.Complete(0.3));
        }
        try (JournalStorage c = JournalStorage.open(new HadoopJournalLog(journal, new Configuration()), JournalStorage.Orphans.RETRY)) {
            assertEquals(0.3, c.trials().get(1).value().getAsDouble(), "the newer writer's outcome, not the fenced one's");
        }
        assertEquals(3, hdfs.getFileSystem().listStatus(new org.apache.hadoop.fs.Path("/journal-test/journal")).length,
                "a segment per writer (the records of each in it), not a file per record");
    }

    @Test
    void aSweepWithItsDataAndStudyFolderOnHdfs() throws IOException {
        FileSystem fs = hdfs.getFileSystem();
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(cifar.toUri()), new org.apache.hadoop.fs.Path("/data/cifar"));
        Path conf = dir.resolve("hdfs-sweep.conf");
        Files.writeString(conf, "study { name = onhdfs, output = \"" + root + "/runs\" }\n"
                + "spark { ui.enabled = false }\n"
                + "data { name = cifar10, path = \"" + root + "/data/cifar\", train_size = 200, test_size = 100 }\n"
                + "model { width = 2 }\n"
                + "training { epochs = 2, batch_size = 50, seed = 3 }\n"
                + "search { sampler = random, trials = 3, parallelism = 2, seed = 11, checkpoint_epochs = 1 }\n"
                + "space {\n"
                + "  optimizer { type = categorical, values = [adam, adamw] }\n"
                + "  lr { type = float, low = 1e-3, high = 3e-2, log = true }\n"
                + "  weight_decay { type = float, low = 1e-5, high = 1e-2, log = true }\n"
                + "}\n");
        CliRun run = CliRun.of("sweep", "--config", conf.toString());
        assertEquals(0, run.exit(), run.err());
        String study = root + "/runs/onhdfs";
        assertTrue(run.err().contains("sparkhpo: data cifar10 from " + root + "/data/cifar: 200 of 300 training"), run.err());
        assertTrue(run.out().contains("report: " + study + "/analysis/report.html"), run.out());

        assertTrue(fs.exists(new org.apache.hadoop.fs.Path("/runs/onhdfs/journal")), "the journal is on HDFS");
        assertTrue(fs.exists(new org.apache.hadoop.fs.Path("/runs/onhdfs/analysis/report.html")), "and the report");
        assertFalse(fs.exists(new org.apache.hadoop.fs.Path("/runs/onhdfs/checkpoints"))
                && fs.listStatus(new org.apache.hadoop.fs.Path("/runs/onhdfs/checkpoints")).length > 0, "no checkpoint left");

        CliRun again = CliRun.of("sweep", "--config", conf.toString());
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.err().contains("resuming it (search.resume = auto"), again.err());
        assertTrue(again.err().contains("3 trial(s) finished before"), again.err());

        SparkSession spark = SparkSession.builder().master("local[1]").appName("reader").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        try {
            List<Row> trials = spark.read().parquet(study + "/trials").collectAsList();
            assertEquals(3, trials.size(), "every trial exactly once, after the second run too");
            assertEquals(3, trials.stream().map(r -> r.<Integer>getAs("trial")).distinct().count());
            assertTrue(trials.stream().allMatch(r -> io.sparkhpo.executors.train.RunState.COMPLETE.name().equals(r.getAs("state"))));
            assertEquals(6, spark.read().parquet(study + "/epochs").count());
            assertTrue(spark.read().parquet(study + "/separability").count() >= 1, "the analysis table is on HDFS");
        } finally {
            spark.stop();
        }
    }

    /**
     * A Parquet table of 3x32x32 images (raw bytes) on HDFS, read by the executors straight from HDFS into their local
     * cache, sweeps with ResNet-20 (libtorch); the trials table records the data set, its settings and its HDFS path.
     */
    @Test
    void aParquetTableOnHdfsSweepsWithResNet20() throws IOException {
        org.apache.parquet.schema.MessageType schema = org.apache.parquet.schema.MessageTypeParser.parseMessageType(
                "message rows { required binary image; required int32 label; }");
        java.util.Random rng = new java.util.Random(4);
        try (org.apache.parquet.hadoop.ParquetWriter<org.apache.parquet.example.data.Group> w =
                     org.apache.parquet.hadoop.example.ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(root
                             + "/data/table/part-0.parquet")).withType(schema).withConf(hdfs.getFileSystem().getConf()).build()) {
            org.apache.parquet.example.data.simple.SimpleGroupFactory f = new org.apache.parquet.example.data.simple.SimpleGroupFactory(schema);
            for (int i = 0; i < 120; i++) {
                byte[] image = new byte[3 * 32 * 32];
                rng.nextBytes(image);
                w.write(f.newGroup().append("image", org.apache.parquet.io.api.Binary.fromConstantByteArray(image))
                        .append("label", i % 10));
            }
        }
        Path conf = dir.resolve("parquet-sweep.conf");
        Files.writeString(conf, "study { name = parquet, output = \"" + dir.resolve("runs") + "\" }\n"
                + "spark { ui.enabled = false }\n"
                + "data { name = parquet, path = \"" + root + "/data/table\", image_format = raw, test_fraction = 0.25 }\n"
                + "model { name = resnet20 }\n"
                + "training { engine = djl, epochs = 1, batch_size = 30, seed = 3 }\n"
                + "search { sampler = random, trials = 2, parallelism = 1, seed = 11 }\n"
                + "space { lr { type = float, low = 1e-3, high = 3e-2, log = true } }\n");
        CliRun run = CliRun.of("sweep", "--config", conf.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.err().contains("sparkhpo: data parquet from " + root + "/data/table"), run.err());
        SparkSession spark = SparkSession.builder().master("local[1]").appName("reader").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        try {
            List<Row> trials = spark.read().parquet(dir.resolve("runs/parquet/trials").toString()).collectAsList();
            assertEquals(2, trials.size());
            for (Row r : trials) {
                assertEquals(io.sparkhpo.executors.train.RunState.COMPLETE.name(), r.getAs("state"));
                assertEquals("parquet", r.getAs("dataset"));
                assertEquals(root + "/data/table", r.getAs("data_path"));
                assertEquals(269_722L, (long) r.<Long>getAs("parameters"));
                assertEquals(120, r.<Integer>getAs("train_size") + r.<Integer>getAs("test_size"));
            }
        } finally {
            spark.stop();
        }
    }
}
