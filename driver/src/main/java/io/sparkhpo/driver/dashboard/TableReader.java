package io.sparkhpo.driver.dashboard;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.Type;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One table of a study folder ({@code trials} or {@code epochs}), read part file by part file with parquet-hadoop (no
 * Spark: the dashboard answers in milliseconds). A refresh lists the folder and reads only the parts that are new or
 * changed (by length and modification time), so a running sweep's rows arrive cheaply; parts under hidden names
 * ({@code _tmp-...}, being written) are skipped. A part that cannot be read is reported, not thrown.
 */
final class TableReader {

    private record Part(long length, long modified, List<Map<String, Object>> rows) {
    }

    private final Path dir;
    private final Configuration conf;
    private final Map<String, Part> parts = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    TableReader(Path dir, Configuration conf) {
        this.dir = dir;
        this.conf = conf;
    }

    /**
     * Brings the parts up to date.
     *
     * @return whether anything changed
     */
    synchronized boolean refresh() throws IOException {
        FileSystem fs = dir.getFileSystem(conf);
        if (!fs.exists(dir)) {
            boolean had = !parts.isEmpty();
            parts.clear();
            return had;
        }
        Map<String, FileStatus> listed = new HashMap<>();
        for (FileStatus s : fs.listStatus(dir)) {
            String name = s.getPath().getName();
            if (s.isFile() && name.endsWith(".parquet") && !name.startsWith("_") && !name.startsWith(".")) {
                listed.put(name, s);
            }
        }
        boolean changed = parts.keySet().retainAll(listed.keySet());
        problems.clear();
        for (FileStatus s : listed.values()) {
            Part old = parts.get(s.getPath().getName());
            if (old != null && old.length() == s.getLen() && old.modified() == s.getModificationTime()) {
                continue;
            }
            try {
                parts.put(s.getPath().getName(), new Part(s.getLen(), s.getModificationTime(), read(s.getPath())));
                changed = true;
            } catch (IOException | RuntimeException e) {
                problems.add("cannot read " + s.getPath() + ": " + e.getMessage());
            }
        }
        return changed;
    }

    /** Every row of every part read so far. */
    synchronized List<Map<String, Object>> rows() {
        List<Map<String, Object>> out = new ArrayList<>();
        parts.values().forEach(p -> out.addAll(p.rows()));
        return out;
    }

    /** Parts the last refresh could not read, one line each. */
    synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    private List<Map<String, Object>> read(Path file) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(), file).withConf(conf).build()) {
            for (Group g = r.read(); g != null; g = r.read()) {
                rows.add(map(g));
            }
        }
        return rows;
    }

    /** A row as the column's Java value: String, Integer, Long, Double, Boolean, or an Instant for a timestamp. */
    static Map<String, Object> map(Group g) {
        GroupType type = g.getType();
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < type.getFieldCount(); i++) {
            Type f = type.getType(i);
            if (g.getFieldRepetitionCount(i) == 0 || !f.isPrimitive()) {
                m.put(f.getName(), null);
                continue;
            }
            m.put(f.getName(), switch (f.asPrimitiveType().getPrimitiveTypeName()) {
                case BINARY -> g.getString(i, 0);
                case INT32 -> g.getInteger(i, 0);
                case INT64 -> f.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation
                        ? Instant.ofEpochMilli(g.getLong(i, 0)) : (Object) g.getLong(i, 0);
                case DOUBLE -> g.getDouble(i, 0);
                case FLOAT -> (double) g.getFloat(i, 0);
                case BOOLEAN -> g.getBoolean(i, 0);
                default -> null;
            });
        }
        return m;
    }
}
