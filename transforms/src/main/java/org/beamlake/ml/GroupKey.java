package org.beamlake.ml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.values.Row;

/**
 * The key of a per-group fit: the group columns' values as a JSON array string, which is
 * unambiguous whatever the values hold and deterministic to encode (a valid Beam key).
 */
final class GroupKey {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String NONE = "[]";

  private GroupKey() {}

  static List<String> values(Row row, List<String> groupBy) {
    List<String> values = new ArrayList<>(groupBy.size());
    for (String column : groupBy) {
      values.add(String.valueOf((Object) row.getValue(column)));
    }
    return values;
  }

  static String of(Row row, List<String> groupBy) {
    return groupBy.isEmpty() ? NONE : encode(values(row, groupBy));
  }

  static String encode(List<String> values) {
    try {
      return JSON.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> decode(String key) {
    try {
      return JSON.readValue(key, new TypeReference<List<String>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
