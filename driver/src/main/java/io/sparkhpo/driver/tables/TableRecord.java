package io.sparkhpo.driver.tables;

import io.sparkhpo.search.json.Json;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a row of a study table is on the read side, whatever the table ({@link TrialRecord}, {@link EpochRecord}): an
 * immutable copy of the row as a reader gave it (column name to value, nulls allowed), any column by name, the
 * {@code params} JSON column parsed once, and equality by the row.
 */
public abstract sealed class TableRecord permits TrialRecord, EpochRecord {

    /** The row, unmodifiable. */
    protected final Map<String, Object> row;
    private volatile Map<String, Object> params;

    protected TableRecord(Map<String, Object> row) {
        this.row = Collections.unmodifiableMap(new LinkedHashMap<>(row));
    }

    /** Any column's value as the reader gave it; null when unset or not a column of the table. */
    public Object get(String column) {
        return row.get(column);
    }

    /** Whether the table has {@code column} (set or null). */
    public boolean has(String column) {
        return row.containsKey(column);
    }

    /** The table's column names, in the reader's order. */
    public Set<String> columns() {
        return row.keySet();
    }

    /** The row as a map by column (unmodifiable), as the dashboard's JSON sends it. */
    public Map<String, Object> asMap() {
        return row;
    }

    /**
     * The {@code params} JSON column parsed (a user objective's parameters, or a PBT member's in force); empty when
     * the row has none.
     */
    public Map<String, Object> params() {
        Map<String, Object> p = params;
        if (p == null) {
            p = row.get("params") instanceof String text ? Collections.unmodifiableMap(Json.read(text)) : Map.of();
            params = p;
        }
        return p;
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && row.equals(((TableRecord) o).row);
    }

    @Override
    public int hashCode() {
        return row.hashCode();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + row;
    }
}
