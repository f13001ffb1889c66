package io.sparkhpo.driver.tables;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.MessageType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rewrites each table of a study folder ({@code trials}, {@code epochs}, {@code pbt}, ...), one part file per trial
 * or batch as the sweep wrote them, into a few files ({@code part-compacted-GEN-K.parquet}, at most
 * {@link #ROWS_PER_FILE} rows each, one run of files per schema), so that readers open a few files instead of tens
 * of thousands.
 *
 * <p>Crash-safe on any Hadoop file system, in four steps per table {@code T}: (1) the new files are written into
 * {@code _compact/T}; (2) the marker {@code _compact/T.ready} is created, which commits them; (3) {@code T} is renamed
 * to {@code _compact/T.old}; (4) {@code _compact/T} is renamed to {@code T}; then the old folder and the marker are
 * deleted. A reader of {@code T} sees the old parts until (3), the compacted ones from (4), and between the two renames
 * no table. A process killed at any point leaves a state that {@link #repair} (run by the next {@code compact} and at
 * the start of every sweep) finishes or rolls back: before the marker, the new files are discarded; after it, the
 * renames are completed. Rows are never deleted before their copy is committed. No sweep may write the study while
 * it runs (the {@code compact} command checks its journal).
 */
public final class TableCompactor {

    /** Where the new files and the old folder wait (hidden from readers of the study's tables). */
    public static final String STAGING = io.sparkhpo.driver.study.StudyLayout.COMPACT_STAGING;
    /** Rows per compacted file at most. */
    static final long ROWS_PER_FILE = Long.getLong("sparkhpo.compact.rows", 2_000_000L);
    private static final String PREFIX = "part-compacted-";

    /** What compacting one table did. */
    public record Result(String table, int partsBefore, int filesAfter, long rows) {
    }

    private final Path study;
    private final Configuration conf;
    private final FileSystem fs;

    public TableCompactor(String studyDir, Configuration conf) throws IOException {
        this.study = new Path(studyDir);
        this.conf = conf;
        this.fs = study.getFileSystem(conf);
    }

    /** The tables of the study: its folders that hold Parquet parts. */
    public List<String> tables() throws IOException {
        List<String> out = new ArrayList<>();
        if (!fs.exists(study)) {
            return out;
        }
        for (FileStatus s : fs.listStatus(study)) {
            String name = s.getPath().getName();
            if (s.isDirectory() && !name.startsWith("_") && !name.startsWith(".") && !parts(s.getPath()).isEmpty()) {
                out.add(name);
            }
        }
        return out;
    }

    /** Compacts every table (after repairing what an earlier run left), reporting each. */
    public List<Result> compactAll() throws IOException {
        repair();
        List<Result> out = new ArrayList<>();
        for (String t : tables()) {
            out.add(compact(t));
        }
        return out;
    }

    /** Compacts one table; a table already in one file per schema is left as it is. */
    public Result compact(String table) throws IOException {
        return rewrite(table, null);
    }

    /** Whether a part file's name is that of a compacted file (rows of many trials or batches). */
    public static boolean isCompacted(String fileName) {
        return fileName.startsWith(PREFIX);
    }

    /** Whether {@code table} holds compacted files (a row there is not in a part of its own). */
    public boolean compacted(String table) throws IOException {
        Path dir = new Path(study, table);
        return fs.exists(dir) && parts(dir).stream().anyMatch(p -> isCompacted(p.getPath().getName()));
    }

    /**
     * Rewrites every row of {@code table} through {@code change} (rows changed after their trial ended: Pareto ranks)
     * into compacted files, by the same steps as {@link #compact}; {@code change} null: compaction only, skipped where
     * the table is already one file per schema.
     */
    public Result rewrite(String table, java.util.function.UnaryOperator<Group> change) throws IOException {
        repair();
        Path dir = new Path(study, table);
        List<FileStatus> parts = parts(dir);
        Map<MessageType, List<FileStatus>> bySchema = new LinkedHashMap<>();
        for (FileStatus p : parts) {
            bySchema.computeIfAbsent(schemaOf(p.getPath()), k -> new ArrayList<>()).add(p);
        }
        if (change == null && parts.size() <= bySchema.size()) {
            return new Result(table, parts.size(), parts.size(), -1);
        }
        Path staging = new Path(new Path(study, STAGING), table);
        fs.delete(staging, true);
        fs.mkdirs(staging);
        String generation = Long.toString(System.currentTimeMillis(), 36);
        int file = 0;
        long rows = 0;
        for (Map.Entry<MessageType, List<FileStatus>> e : bySchema.entrySet()) {
            ParquetWriter<Group> w = null;
            long inFile = 0;
            try {
                for (FileStatus p : e.getValue()) {
                    try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(), p.getPath()).withConf(conf).build()) {
                        for (Group g; (g = r.read()) != null; ) {
                            if (w == null || inFile >= ROWS_PER_FILE) {
                                if (w != null) {
                                    w.close();
                                }
                                w = writer(new Path(staging, String.format("%s%s-%05d.parquet", PREFIX, generation, file++)), e.getKey());
                                inFile = 0;
                            }
                            w.write(change == null ? g : change.apply(g));
                            inFile++;
                            rows++;
                        }
                    }
                }
            } finally {
                if (w != null) {
                    w.close();
                }
            }
        }
        pauseForTests("written");
        fs.create(marker(table), false).close();
        pauseForTests("committed");
        swap(table);
        return new Result(table, parts.size(), file, rows);
    }

    /** Finishes or rolls back what a killed compaction left, table by table. */
    public void repair() throws IOException {
        Path staging = new Path(study, STAGING);
        if (!fs.exists(staging)) {
            return;
        }
        for (FileStatus s : fs.listStatus(staging)) {
            String name = s.getPath().getName();
            if (s.isDirectory() && !name.endsWith(".old") && !fs.exists(marker(name))) {
                fs.delete(s.getPath(), true); // never committed
            }
        }
        for (FileStatus s : fs.listStatus(staging)) {
            String name = s.getPath().getName();
            if (name.endsWith(".ready")) {
                swap(name.substring(0, name.length() - ".ready".length()));
            }
        }
    }

    /** Steps (3) and (4) and the clean-up, from wherever a killed run stopped. */
    private void swap(String table) throws IOException {
        Path dir = new Path(study, table);
        Path fresh = new Path(new Path(study, STAGING), table);
        Path old = new Path(new Path(study, STAGING), table + ".old");
        if (fs.exists(fresh)) {
            if (fs.exists(dir) && !fs.exists(old)) {
                rename(dir, old);
                pauseForTests("moved-old");
            }
            if (!fs.exists(dir)) {
                rename(fresh, dir);
            }
        }
        pauseForTests("swapped");
        fs.delete(old, true);
        fs.delete(marker(table), false);
        if (fs.listStatus(new Path(study, STAGING)).length == 0) {
            fs.delete(new Path(study, STAGING), false);
        }
    }

    private void rename(Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("could not rename " + from + " to " + to);
        }
    }

    private Path marker(String table) {
        return new Path(new Path(study, STAGING), table + ".ready");
    }

    /** The visible Parquet parts of a table folder (not the hidden ones being written). */
    private List<FileStatus> parts(Path dir) throws IOException {
        List<FileStatus> out = new ArrayList<>();
        for (FileStatus s : fs.listStatus(dir)) {
            String n = s.getPath().getName();
            if (s.isFile() && n.endsWith(".parquet") && !n.startsWith("_") && !n.startsWith(".")) {
                out.add(s);
            }
        }
        out.sort(java.util.Comparator.comparing(s -> s.getPath().getName()));
        return out;
    }

    private MessageType schemaOf(Path part) throws IOException {
        try (org.apache.parquet.hadoop.ParquetFileReader r = org.apache.parquet.hadoop.ParquetFileReader.open(
                HadoopInputFile.fromPath(part, conf))) {
            return r.getFooter().getFileMetaData().getSchema();
        }
    }

    private ParquetWriter<Group> writer(Path file, MessageType schema) throws IOException {
        return ExampleParquetWriter.builder(HadoopOutputFile.fromPath(file, conf)).withType(schema).withConf(conf)
                .withCompressionCodec(CompressionCodecName.SNAPPY).withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build();
    }

    /** A copy of {@code g} with the optional int field {@code field} set to {@code value} (null: unset). */
    public static Group withInt(Group g, String field, Integer value) {
        org.apache.parquet.schema.GroupType type = g.getType();
        Group copy = new org.apache.parquet.example.data.simple.SimpleGroup(type);
        int at = type.getFieldIndex(field);
        for (int i = 0; i < type.getFieldCount(); i++) {
            if (i == at) {
                if (value != null) {
                    copy.add(i, value);
                }
            } else {
                copyField(g, copy, i);
            }
        }
        return copy;
    }

    private static void copyField(Group from, Group to, int i) {
        org.apache.parquet.schema.Type t = from.getType().getType(i);
        for (int j = 0; j < from.getFieldRepetitionCount(i); j++) {
            if (!t.isPrimitive()) {
                Group inner = from.getGroup(i, j);
                Group target = to.addGroup(i);
                for (int k = 0; k < inner.getType().getFieldCount(); k++) {
                    copyField(inner, target, k);
                }
                continue;
            }
            switch (t.asPrimitiveType().getPrimitiveTypeName()) {
                case INT32 -> to.add(i, from.getInteger(i, j));
                case INT64 -> to.add(i, from.getLong(i, j));
                case DOUBLE -> to.add(i, from.getDouble(i, j));
                case FLOAT -> to.add(i, from.getFloat(i, j));
                case BOOLEAN -> to.add(i, from.getBoolean(i, j));
                case INT96 -> to.add(i, from.getInt96(i, j));
                default -> to.add(i, from.getBinary(i, j));
            }
        }
    }

    /** For the kill tests: {@code -Dsparkhpo.compact.pause=STEP} stops here for a minute so that a test can kill the JVM. */
    private static void pauseForTests(String step) {
        if (step.equals(System.getProperty("sparkhpo.compact.pause"))) {
            System.out.println("sparkhpo-compact-paused: " + step);
            System.out.flush();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
