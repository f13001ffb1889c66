package io.sparkhpo.driver.tables;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The tables' columns are pinned per schema version ({@code tables/schema-vN.txt}): a column added, removed or
 * retyped without bumping {@link StudyTables#SCHEMA_VERSION} (and writing the new version's file) fails here.
 */
class StudyTablesSchemaTest {

    @Test
    void theColumnsAreThoseOfTheSchemaVersion() throws IOException {
        String file = "/tables/schema-v" + StudyTables.SCHEMA_VERSION + ".txt";
        List<String> expected = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream(file)) {
            assertNotNull(in, "no " + file + ": write it when bumping SCHEMA_VERSION");
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    expected.add(line.trim());
                }
            }
        }
        assertEquals(expected, describe());
    }

    /** One line per column: table, name, type, nullable. */
    static List<String> describe() {
        List<String> out = new ArrayList<>();
        for (TableSchema t : List.of(StudyTables.TRIALS, StudyTables.EPOCHS, StudyTables.PBT)) {
            for (Column c : t.columns()) {
                out.add(t.name() + " " + c.name() + " " + c.type() + (c.nullable() ? " null" : ""));
            }
        }
        return out;
    }
}
