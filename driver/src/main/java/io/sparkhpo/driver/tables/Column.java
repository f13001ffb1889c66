package io.sparkhpo.driver.tables;

/**
 * One column of a table.
 *
 * @param name     column name (snake_case)
 * @param type     its type
 * @param nullable whether rows may leave it empty (a hyperparameter that does not apply, an error that did
 *                 not happen)
 */
public record Column(String name, Type type, boolean nullable) {

    /** Column types and the Java values they take. */
    public enum Type {
        STRING(String.class), INT(Integer.class), LONG(Long.class), DOUBLE(Double.class), BOOLEAN(Boolean.class),
        /** Milliseconds since the epoch, UTC; given as a {@code java.time.Instant}. */
        TIMESTAMP(java.time.Instant.class),
        /** A Parquet map of string keys to doubles (Spark's {@code map<string,double>}); given as a {@code Map<String, Double>}. */
        METRICS(java.util.Map.class);

        private final Class<?> javaType;

        Type(Class<?> javaType) {
            this.javaType = javaType;
        }

        public Class<?> javaType() {
            return javaType;
        }
    }

    public static Column required(String name, Type type) {
        return new Column(name, type, false);
    }

    public static Column optional(String name, Type type) {
        return new Column(name, type, true);
    }
}
