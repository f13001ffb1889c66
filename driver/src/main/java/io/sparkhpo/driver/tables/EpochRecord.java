package io.sparkhpo.driver.tables;


import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One row of a study's epochs table as the read side sees it: immutable, built once from the row a reader gives.
 * The built-in network writes one per epoch ({@link StudyTables#EPOCHS}: {@code epoch}, {@code lr},
 * {@code weight_decay}, {@code test_error}, ...); a user objective one per report ({@code attempt}, {@code step},
 * {@code value}, its {@code metrics} map and the parameters in force as {@code params} JSON). Typed accessors for both,
 * {@link #get} for any other column. The rows a sweep writes stay maps.
 */
public final class EpochRecord extends TableRecord {


    private EpochRecord(Map<String, Object> row) {
        super(row);
    }

    /** The record of one epochs row (column name to value, nulls allowed); the map is copied. */
    public static EpochRecord of(Map<String, Object> row) {
        return new EpochRecord(row);
    }

    /** The records of epochs rows, in their order. */
    public static List<EpochRecord> all(List<Map<String, Object>> rows) {
        List<EpochRecord> out = new ArrayList<>(rows.size());
        rows.forEach(r -> out.add(of(r)));
        return List.copyOf(out);
    }

    /** The trial's number (column {@code trial}). */
    public int trial() {
        return (Integer) row.get("trial");
    }

    /** The built-in network's epoch (0-based; column {@code epoch}); null in a user objective's reports. */
    public Integer epoch() {
        return row.get("epoch") instanceof Integer e ? e : null;
    }

    /** A user objective's step (column {@code step}); null in the built-in network's rows. */
    public Integer step() {
        return row.get("step") instanceof Integer s ? s : null;
    }

    /** A user objective's attempt (column {@code attempt}); null in the built-in network's rows. */
    public Integer attempt() {
        return row.get("attempt") instanceof Integer a ? a : null;
    }

    /** The learning rate in force at the epoch (the built-in network's {@code lr}); null when unset. */
    public Double lr() {
        return row.get("lr") instanceof Number n ? n.doubleValue() : null;
    }

    /** The weight decay in force (the built-in network's {@code weight_decay}); null when unset. */
    public Double weightDecay() {
        return row.get("weight_decay") instanceof Number n ? n.doubleValue() : null;
    }

    /** The test error after the epoch (the built-in network's {@code test_error}); null when unset. */
    public Double testError() {
        return row.get("test_error") instanceof Number n ? n.doubleValue() : null;
    }

    /** A user objective's reported value (column {@code value}); null when unset. */
    public Double value() {
        return row.get("value") instanceof Number n ? n.doubleValue() : null;
    }

    /** A column's value if it is a number (as the reader gave it: Integer, Long, Double); null otherwise. */
    public Number number(String column) {
        return row.get(column) instanceof Number n ? n : null;
    }

    /** A user objective's metrics of the report (its {@code metrics} map column); empty when the row has none. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> metrics() {
        return row.get("metrics") instanceof Map<?, ?> m ? Collections.unmodifiableMap((Map<String, Object>) m)
                : Map.of();
    }
}
