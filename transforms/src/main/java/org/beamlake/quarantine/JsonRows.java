package org.beamlake.quarantine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Collection;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/** Rows as compact JSON objects, reserved columns excluded: the payload of a quarantined row. */
public final class JsonRows {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonRows() {}

  /** The row as one JSON object, in schema order. Dates and timestamps are ISO-8601 strings. */
  public static String format(Row row) {
    try {
      return JSON.writeValueAsString(toNode(row));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode toNode(Row row) {
    ObjectNode node = JSON.createObjectNode();
    for (Schema.Field field : row.getSchema().getFields()) {
      if (Lineage.isReserved(field.getName())) {
        continue;
      }
      Object value = row.getValue(field.getName());
      node.set(field.getName(), JSON.valueToTree(plain(value)));
    }
    return node;
  }

  private static Object plain(Object value) {
    if (value == null || value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Double
        || value instanceof Float || value instanceof Short || value instanceof Byte) {
      return value;
    }
    if (value instanceof BigDecimal) {
      return value;
    }
    if (value instanceof Row) {
      return toNode((Row) value);
    }
    if (value instanceof Collection) {
      ArrayNode array = JSON.createArrayNode();
      for (Object item : (Collection<?>) value) {
        array.add(JSON.valueToTree(plain(item)));
      }
      return array;
    }
    return value.toString();
  }
}
