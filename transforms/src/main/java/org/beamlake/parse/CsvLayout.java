package org.beamlake.parse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where each declared column is in the records of one CSV file, how many fields a record has, and
 * what is wrong with the header if it cannot give every declared column exactly once.
 *
 * @param positions the field index of each declared column, in schema order
 * @param width the number of fields every record must have
 * @param problem why no record of the file can be read, or null
 */
record CsvLayout(int[] positions, int width, @Nullable String problem) {

  /** Without a header, the declared columns are the fields in schema order. */
  static CsvLayout byPosition(DeclaredColumns columns) {
    int[] positions = new int[columns.size()];
    for (int i = 0; i < positions.length; i++) {
      positions[i] = i;
    }
    return new CsvLayout(positions, positions.length, null);
  }

  /**
   * Matches the declared columns to header names (surrounding spaces ignored), in any order.
   * Header columns that are not declared are skipped.
   */
  static CsvLayout fromHeader(List<String> header, DeclaredColumns columns) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> count = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i).strip();
      index.putIfAbsent(name, i);
      count.merge(name, 1, Integer::sum);
    }
    int[] positions = new int[columns.size()];
    List<String> missing = new ArrayList<>();
    List<String> repeated = new ArrayList<>();
    for (int i = 0; i < positions.length; i++) {
      String name = columns.name(i);
      positions[i] = index.getOrDefault(name, -1);
      if (positions[i] < 0) {
        missing.add(name);
      } else if (count.get(name) > 1) {
        repeated.add(name);
      }
    }
    List<String> problems = new ArrayList<>();
    if (!missing.isEmpty()) {
      problems.add("header lacks column(s) " + missing);
    }
    if (!repeated.isEmpty()) {
      problems.add("header repeats column(s) " + repeated);
    }
    return new CsvLayout(positions, header.size(), problems.isEmpty() ? null : String.join("; ", problems));
  }

  int position(int column) {
    return positions[column];
  }
}
