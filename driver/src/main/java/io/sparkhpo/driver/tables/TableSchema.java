package io.sparkhpo.driver.tables;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A table's name and columns, and its Parquet message type. */
public record TableSchema(String name, List<Column> columns) {

    public TableSchema {
        columns = List.copyOf(columns);
    }

    /** Checks a row against the columns: every name known, every required column set, every value of its type. */
    public Map<String, Object> check(Map<String, Object> row) {
        Map<String, Column> byName = new LinkedHashMap<>();
        columns.forEach(c -> byName.put(c.name(), c));
        for (String k : row.keySet()) {
            if (!byName.containsKey(k)) {
                throw new IllegalArgumentException("table " + name + " has no column " + k);
            }
        }
        for (Column c : columns) {
            Object v = row.get(c.name());
            if (v == null && !c.nullable()) {
                throw new IllegalArgumentException("table " + name + ": column " + c.name() + " must be set");
            }
            if (v != null && !c.type().javaType().isInstance(v)) {
                throw new IllegalArgumentException("table " + name + ": column " + c.name() + " takes "
                        + c.type().javaType().getSimpleName() + ", got " + v.getClass().getSimpleName() + " " + v);
            }
        }
        return row;
    }

    public MessageType parquet() {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (Column c : columns) {
            Repetition rep = c.nullable() ? Repetition.OPTIONAL : Repetition.REQUIRED;
            switch (c.type()) {
                case STRING -> b.primitive(PrimitiveTypeName.BINARY, rep).as(LogicalTypeAnnotation.stringType()).named(c.name());
                case INT -> b.primitive(PrimitiveTypeName.INT32, rep).named(c.name());
                case LONG -> b.primitive(PrimitiveTypeName.INT64, rep).named(c.name());
                case DOUBLE -> b.primitive(PrimitiveTypeName.DOUBLE, rep).named(c.name());
                case BOOLEAN -> b.primitive(PrimitiveTypeName.BOOLEAN, rep).named(c.name());
                case TIMESTAMP -> b.primitive(PrimitiveTypeName.INT64, rep)
                        .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS)).named(c.name());
                case METRICS -> b.addField(Types.map(rep).key(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                        .requiredValue(PrimitiveTypeName.DOUBLE).named(c.name()));
            }
        }
        return b.named(name);
    }
}
