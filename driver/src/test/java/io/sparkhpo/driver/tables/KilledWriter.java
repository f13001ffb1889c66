package io.sparkhpo.driver.tables;

import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A writer process that the test kills in the middle of an append: it writes one complete part, then starts a
 * second whose row {@code STALL} never finishes being read (it creates the marker file and sleeps), so the process is
 * inside {@link ParquetTableWriter#append} with the part's file open when it is killed.
 */
public final class KilledWriter {

    static final TableSchema SCHEMA = new TableSchema("t", List.of(Column.required("i", Column.Type.INT),
            Column.optional("x", Column.Type.DOUBLE)));
    static final int ROWS = 1000;
    static final int STALL = 700;

    private KilledWriter() {
    }

    /** args: the study folder, the marker file to create once the second append is under way. */
    public static void main(String[] args) throws Exception {
        ParquetTableWriter w = new ParquetTableWriter(args[0], new Configuration());
        w.append(SCHEMA, "00000", rows(ROWS, -1, null));
        w.append(SCHEMA, "00001", rows(ROWS, STALL, Path.of(args[1])));
    }

    static List<Map<String, Object>> rows(int n, int stallAt, Path marker) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> r = new HashMap<>();
            r.put("i", i);
            r.put("x", i * 0.5);
            out.add(i == stallAt ? stalling(r, marker) : r);
        }
        return out;
    }

    private static Map<String, Object> stalling(Map<String, Object> row, Path marker) {
        return new AbstractMap<>() {
            @Override
            public Set<Entry<String, Object>> entrySet() {
                return row.entrySet();
            }

            @Override
            public Object get(Object key) {
                try {
                    Files.writeString(marker, "writing");
                    Thread.sleep(Long.MAX_VALUE);
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return row.get(key);
            }
        };
    }
}
