package org.beamlake.parse;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.beamlake.schema.ColumnType;

/**
 * Finds the declared columns in one JSON record and types them: a row, or a reject listing every
 * problem of the record.
 */
final class JsonColumns implements Serializable {
  private static final long serialVersionUID = 1L;

  private final DeclaredColumns columns;
  private final Map<String, String> fieldPaths;
  private final boolean rejectUnknownFields;
  private transient JsonPointer[] pointers;
  private transient Set<String> knownFields;

  /**
   * @param fieldPaths JSON pointer of a column's value in the record; top-level field of the
   *     column's name for a column not in the map
   */
  JsonColumns(DeclaredColumns columns, Map<String, String> fieldPaths, boolean rejectUnknownFields) {
    this.columns = columns;
    this.fieldPaths = fieldPaths;
    this.rejectUnknownFields = rejectUnknownFields;
  }

  /** Sends the record as a row to {@code out}, or as a reject with {@code payload} if it has problems. */
  void emit(JsonNode record, String payload, String source, ParseOutput out) {
    if (!record.isObject()) {
      out.reject("expected a JSON object, got " + kind(record), payload, source);
      return;
    }
    if (pointers == null) {
      compilePaths();
    }
    List<String> problems = new ArrayList<>();
    if (rejectUnknownFields) {
      List<String> unknown = new ArrayList<>();
      record.fieldNames().forEachRemaining(name -> {
        if (!knownFields.contains(name)) {
          unknown.add(name);
        }
      });
      if (!unknown.isEmpty()) {
        problems.add("unknown field(s) " + unknown);
      }
    }
    Object[] values = new Object[columns.size()];
    for (int i = 0; i < values.length; i++) {
      JsonNode node = pointers[i] == null ? record.get(columns.name(i)) : record.at(pointers[i]);
      try {
        values[i] = value(node, columns.type(i));
      } catch (IllegalArgumentException e) {
        problems.add(columns.name(i) + ": " + e.getMessage());
      }
    }
    if (problems.isEmpty()) {
      out.row(columns.row(values, source));
    } else {
      out.reject(String.join("; ", problems), payload, source);
    }
  }

  /**
   * Strings are parsed as text, numbers and booleans converted, so {@code "72.5"} and {@code 72.5}
   * give the same double; objects and arrays fit only a string column, as compact JSON.
   */
  static Object value(JsonNode node, ColumnType type) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return null;
    }
    if (node.isTextual()) {
      return type.parse(node.textValue());
    }
    if (node.isNumber()) {
      return type.convert(node.numberValue());
    }
    if (node.isBoolean()) {
      return type.convert(node.booleanValue());
    }
    if (node.isContainerNode() && type == ColumnType.STRING) {
      return node.toString();
    }
    throw new IllegalArgumentException("expected " + type.typeName() + ", got " + kind(node));
  }

  /** The JSON kind of a node for messages: object, array, string, number, boolean or null. */
  static String kind(JsonNode node) {
    return node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  private void compilePaths() {
    JsonPointer[] compiled = new JsonPointer[columns.size()];
    Set<String> known = new HashSet<>();
    for (int i = 0; i < compiled.length; i++) {
      String path = fieldPaths.get(columns.name(i));
      if (path == null) {
        known.add(columns.name(i));
      } else {
        compiled[i] = JsonPointer.compile(path);
        known.add(compiled[i].getMatchingProperty());
      }
    }
    knownFields = known;
    pointers = compiled;
  }
}
