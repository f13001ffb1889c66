package io.sparkhpo.driver.tables;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Appends rows to the Parquet tables under a study folder: each call writes one new file
 * {@code TABLE/part-TAG.parquet}. The file is written under a hidden name ({@code _tmp-...}, which Spark, DuckDB's
 * hive reader and pyarrow datasets skip) and renamed into place when complete, so readers never see a partial
 * file. Works on any Hadoop file system (local, HDFS, S3A; on S3 the rename is a copy).
 *
 * <p>Thread-safe: each call writes its own file.
 */
public final class ParquetTableWriter {

    private final Path studyDir;
    private final Configuration conf;

    public ParquetTableWriter(String studyDir, Configuration conf) {
        this.studyDir = new Path(studyDir);
        this.conf = conf;
    }

    public String directory() {
        return studyDir.toString();
    }

    /**
     * Writes {@code rows} (checked against {@code schema}) as {@code schema.name()/part-TAG.parquet}, replacing the
     * part of that tag if there is one.
     */
    public void append(TableSchema schema, String tag, List<Map<String, Object>> rows) {
        Path dir = new Path(studyDir, schema.name());
        Path tmp = new Path(dir, "_tmp-part-" + tag + ".parquet");
        Path done = new Path(dir, "part-" + tag + ".parquet");
        try {
            FileSystem fs = dir.getFileSystem(conf);
            fs.setWriteChecksum(false);
            fs.mkdirs(dir);
            SimpleGroupFactory groups = new SimpleGroupFactory(schema.parquet());
            try (ParquetWriter<Group> w = ExampleParquetWriter.builder(HadoopOutputFile.fromPath(tmp, conf))
                    .withType(schema.parquet()).withConf(conf).withCompressionCodec(CompressionCodecName.SNAPPY)
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build()) {
                for (Map<String, Object> row : rows) {
                    w.write(group(groups, schema, schema.check(row)));
                }
            }
            moveOver(fs, tmp, done);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + done + ": " + e.getMessage(), e);
        }
    }

    /**
     * Renames {@code tmp} to {@code done}, replacing it atomically where the file system can (the local one's rename
     * replaces; HDFS's rename with OVERWRITE does), so that a rewritten part (a Pareto rank updated) is never missing;
     * elsewhere (object stores) the old part is deleted first.
     */
    private void moveOver(FileSystem fs, Path tmp, Path done) throws IOException {
        if (fs.rename(tmp, done)) {
            return;
        }
        if (fs.exists(done)) {
            try {
                org.apache.hadoop.fs.FileContext.getFileContext(fs.getUri(), conf).rename(tmp, done,
                        org.apache.hadoop.fs.Options.Rename.OVERWRITE);
                return;
            } catch (org.apache.hadoop.fs.UnsupportedFileSystemException | UnsupportedOperationException e) {
                fs.delete(done, false);
                if (fs.rename(tmp, done)) {
                    return;
                }
            }
        }
        throw new IOException("could not rename " + tmp + " to " + done);
    }

    private static Group group(SimpleGroupFactory groups, TableSchema schema, Map<String, Object> row) {
        Group g = groups.newGroup();
        for (Column c : schema.columns()) {
            Object v = row.get(c.name());
            if (v == null) {
                continue;
            }
            switch (c.type()) {
                case STRING -> g.add(c.name(), (String) v);
                case INT -> g.add(c.name(), (Integer) v);
                case LONG -> g.add(c.name(), (Long) v);
                case DOUBLE -> g.add(c.name(), (Double) v);
                case BOOLEAN -> g.add(c.name(), (Boolean) v);
                case TIMESTAMP -> g.add(c.name(), ((Instant) v).toEpochMilli());
                case METRICS -> {
                    Group map = g.addGroup(c.name());
                    for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                        map.addGroup("key_value").append("key", (String) e.getKey()).append("value", (Double) e.getValue());
                    }
                }
            }
        }
        return g;
    }
}
