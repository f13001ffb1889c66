package io.sparkhpo.driver.tables;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compaction rewrites a study's tables, one part per trial, into a file per table, with every row once; a compaction
 * killed (SIGKILL) at any of its steps is finished or rolled back by the next repair, and a reader then finds every
 * row exactly once; rows changed after compaction (Pareto ranks) are rewritten in the compacted files.
 */
class TableCompactorTest {

    static final TableSchema SCHEMA = new TableSchema("trials", List.of(Column.required("trial", Column.Type.INT),
            Column.optional("value", Column.Type.DOUBLE), Column.optional(StudyTables.PARETO_RANK, Column.Type.INT)));
    static final int TRIALS = 40;

    @TempDir
    Path dir;

    /** A study folder with {@link #TRIALS} parts in {@code trials} and in {@code epochs}. */
    static void writeStudy(Path study) {
        ParquetTableWriter w = new ParquetTableWriter(study.toString(), new Configuration());
        TableSchema epochs = new TableSchema("epochs", List.of(Column.required("trial", Column.Type.INT),
                Column.required("epoch", Column.Type.INT), Column.optional("loss", Column.Type.DOUBLE)));
        for (int t = 0; t < TRIALS; t++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("trial", t);
            row.put("value", 1.0 / (t + 1));
            row.put(StudyTables.PARETO_RANK, t % 3);
            w.append(SCHEMA, StudyTables.tag(t), List.of(row));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int e = 0; e < 5; e++) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("trial", t);
                r.put("epoch", e);
                r.put("loss", t + e / 10.0);
                rows.add(r);
            }
            w.append(epochs, StudyTables.tag(t), rows);
        }
    }

    /** Every row of a table as a plain reader sees it: the visible part files, each row as text. */
    static List<String> rows(Path table) throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.exists(table)) {
            return out;
        }
        try (Stream<Path> s = Files.list(table)) {
            for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".parquet")
                    && !f.getFileName().toString().startsWith("_") && !f.getFileName().toString().startsWith(".")).toList()) {
                for (Group g : ParquetTableWriterTest.read(p)) {
                    out.add(g.toString().replace('\n', ' '));
                }
            }
        }
        out.sort(null);
        return out;
    }

    private static long files(Path table) throws IOException {
        try (Stream<Path> s = Files.list(table)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".parquet") && !f.getFileName().toString().startsWith(".")).count();
        }
    }

    @Test
    void eachTableBecomesOneFileWithEveryRowOnce() throws IOException {
        Path study = dir.resolve("study");
        writeStudy(study);
        List<String> trials = rows(study.resolve("trials"));
        List<String> epochs = rows(study.resolve("epochs"));
        assertEquals(TRIALS, files(study.resolve("trials")));
        List<TableCompactor.Result> done = new TableCompactor(study.toString(), new Configuration()).compactAll();
        assertEquals(2, done.size(), done.toString());
        assertEquals(1, files(study.resolve("trials")));
        assertEquals(1, files(study.resolve("epochs")));
        assertEquals(trials, rows(study.resolve("trials")));
        assertEquals(epochs, rows(study.resolve("epochs")));
        assertEquals(TRIALS * 5, epochs.size());
        assertFalse(Files.exists(study.resolve(TableCompactor.STAGING)), "nothing staged is left");
        TableCompactor.Result again = new TableCompactor(study.toString(), new Configuration()).compact("trials");
        assertEquals(-1, again.rows(), "a compact table is left as it is");
    }

    /** SIGKILL at each step of the compaction; the repair (the next compact or sweep) leaves every row once. */
    @ParameterizedTest
    @ValueSource(strings = {"written", "committed", "moved-old", "swapped"})
    void aCompactionKilledAtAnyStepIsRepairedWithEveryRowOnce(String step) throws Exception {
        Path study = dir.resolve("study-" + step);
        writeStudy(study);
        List<String> trials = rows(study.resolve("trials"));
        List<String> epochs = rows(study.resolve("epochs"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Dsparkhpo.compact.pause=" + step, "-cp", System.getProperty("java.class.path"),
                Compact.class.getName(), study.toString()).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        boolean paused = false;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                out.append(line).append('\n');
                if (line.startsWith("sparkhpo-compact-paused: " + step)) {
                    paused = true;
                    p.destroyForcibly(); // SIGKILL in the middle of the compaction
                    break;
                }
            }
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child ended");
        assertTrue(paused, "the compaction reached " + step + ": " + out);
        if (step.equals("moved-old")) {
            assertTrue(!Files.exists(study.resolve("trials")) || !Files.exists(study.resolve("epochs")),
                    "between the two renames a reader finds no table");
        }
        new TableCompactor(study.toString(), new Configuration()).repair();
        assertEquals(trials, rows(study.resolve("trials")), step + ": every trials row once");
        assertEquals(epochs, rows(study.resolve("epochs")), step + ": every epochs row once");
        new TableCompactor(study.toString(), new Configuration()).compactAll();
        assertEquals(trials, rows(study.resolve("trials")), step + ": and after the next compaction");
        assertEquals(1, files(study.resolve("trials")));
        assertFalse(Files.exists(study.resolve(TableCompactor.STAGING)), "nothing staged is left");
    }

    /** A row changed after compaction (a Pareto rank) is rewritten with the compacted rows, each row still once. */
    @Test
    void aRowChangedAfterCompactionIsRewrittenInPlace() throws IOException {
        Path study = dir.resolve("study");
        writeStudy(study);
        TableCompactor c = new TableCompactor(study.toString(), new Configuration());
        c.compactAll();
        assertTrue(c.compacted("trials"));
        c.rewrite("trials", g -> g.getInteger("trial", 0) == 7 ? TableCompactor.withInt(g, StudyTables.PARETO_RANK, 9) : g);
        List<Group> back = new ArrayList<>();
        try (Stream<Path> s = Files.list(study.resolve("trials"))) {
            for (Path f : s.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
                back.addAll(ParquetTableWriterTest.read(f));
            }
        }
        assertEquals(TRIALS, back.size());
        for (Group g : back) {
            int t = g.getInteger("trial", 0);
            assertEquals(t == 7 ? 9 : t % 3, g.getInteger(StudyTables.PARETO_RANK, 0), "trial " + t);
            assertEquals(1.0 / (t + 1), g.getDouble("value", 0), 0, "trial " + t);
        }
    }

    /** The child JVM the kill test runs: a compaction of the study folder it is given. */
    public static final class Compact {
        public static void main(String[] args) throws IOException {
            new TableCompactor(args[0], new Configuration()).compactAll();
        }
    }
}
