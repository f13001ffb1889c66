package io.sparkhpo.driver.tables;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParquetTableWriterTest {

    @TempDir
    Path dir;

    /** A writer killed (SIGKILL) inside an append leaves only complete, visible parts; the partial one stays hidden. */
    @Test
    void aKilledWriterLeavesNoVisiblePartialFile() throws Exception {
        Path marker = dir.resolve("marker");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), KilledWriter.class.getName(),
                dir.resolve("study").toString(), marker.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("writer.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(marker) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(marker), "the writer reached the second append: " + Files.readString(dir.resolve("writer.log")));
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        Path table = dir.resolve("study").resolve(KilledWriter.SCHEMA.name());
        List<String> names;
        try (Stream<Path> s = Files.list(table)) {
            names = s.map(f -> f.getFileName().toString()).sorted().toList();
        }
        assertTrue(names.contains("part-00000.parquet"), names.toString());
        assertFalse(names.contains("part-00001.parquet"), "the interrupted part is not visible: " + names);
        assertTrue(names.stream().anyMatch(n -> n.startsWith("_tmp-part-00001")), "it was being written: " + names);
        // what a reader sees: the visible parts, each complete
        for (String n : names) {
            if (!n.startsWith("_") && !n.startsWith(".")) {
                assertEquals(KilledWriter.ROWS, read(table.resolve(n)).size(), n);
            }
        }
    }

    /** NaN, infinities and nulls come back as written, every type in its column. */
    @Test
    void nanAndNullRoundTrip() throws IOException {
        TableSchema schema = new TableSchema("t", List.of(Column.required("s", Column.Type.STRING),
                Column.required("i", Column.Type.INT), Column.optional("l", Column.Type.LONG),
                Column.optional("d", Column.Type.DOUBLE), Column.optional("b", Column.Type.BOOLEAN),
                Column.optional("t", Column.Type.TIMESTAMP)));
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(row("nan", 1, 5L, Double.NaN, true, Instant.ofEpochMilli(1_700_000_000_123L)));
        rows.add(row("inf", 2, null, Double.POSITIVE_INFINITY, false, null));
        rows.add(row("nulls", 3, null, null, null, null));
        new ParquetTableWriter(dir.toString(), new Configuration()).append(schema, "00000", rows);
        List<Group> back = read(dir.resolve("t").resolve("part-00000.parquet"));
        assertEquals(3, back.size());
        assertTrue(Double.isNaN(back.get(0).getDouble("d", 0)));
        assertEquals(5L, back.get(0).getLong("l", 0));
        assertTrue(back.get(0).getBoolean("b", 0));
        assertEquals(1_700_000_000_123L, back.get(0).getLong("t", 0));
        assertEquals(Double.POSITIVE_INFINITY, back.get(1).getDouble("d", 0));
        assertEquals(0, back.get(1).getFieldRepetitionCount("l"), "null stays null");
        for (String c : List.of("l", "d", "b", "t")) {
            assertEquals(0, back.get(2).getFieldRepetitionCount(c), c + " null");
        }
        assertEquals("nulls", back.get(2).getString("s", 0));
        assertEquals(3, back.get(2).getInteger("i", 0));
    }

    @Test
    void rowsAreCheckedAgainstTheSchemaBeforeAnythingIsVisible() {
        TableSchema schema = new TableSchema("t", List.of(Column.required("i", Column.Type.INT)));
        ParquetTableWriter w = new ParquetTableWriter(dir.toString(), new Configuration());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> w.append(schema, "00000", List.of(new LinkedHashMap<>())));
        assertTrue(missing.getMessage().contains("column i must be set"), missing.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> w.append(schema, "00000", List.of(Map.of("i", "seven"))));
        assertTrue(type.getMessage().contains("takes Integer, got String"), type.getMessage());
        assertFalse(Files.exists(dir.resolve("t").resolve("part-00000.parquet")));
    }

    private static Map<String, Object> row(String s, int i, Long l, Double d, Boolean b, Instant t) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("s", s);
        r.put("i", i);
        r.put("l", l);
        r.put("d", d);
        r.put("b", b);
        r.put("t", t);
        return r;
    }

    static List<Group> read(Path file) throws IOException {
        List<Group> out = new ArrayList<>();
        try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(),
                new org.apache.hadoop.fs.Path(file.toUri())).build()) {
            for (Group g = r.read(); g != null; g = r.read()) {
                out.add(g);
            }
        }
        return out;
    }
}
