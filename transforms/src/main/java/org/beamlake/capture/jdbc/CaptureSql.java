package org.beamlake.capture.jdbc;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The statements of one target's capture, built from checked, quoted names with {@code ?} for every
 * value. Parameters of {@link #read}, in order: the previous watermark (if any), the new one (if a
 * watermark column is set), then the split's lower bound, upper bound and 1/0 for "also the rows
 * whose partition column is null" (if partitioned).
 *
 * @param probe no rows, only the result's columns
 * @param watermarkMax the new high-water mark: MAX above the previous one (parameter: previous)
 * @param partitionBounds MIN and MAX of the partition column within the watermark window
 * @param read one split's rows
 */
record CaptureSql(String probe, @Nullable String watermarkMax, @Nullable String partitionBounds, String read)
    implements Serializable {

  static CaptureSql of(JdbcDialect dialect, JdbcTarget target, @Nullable String partitionColumn,
      @Nullable String watermarkColumn, boolean afterPrevious) {
    String from = " FROM " + target.from(dialect);
    List<String> window = new ArrayList<>();
    String watermarkMax = null;
    if (watermarkColumn != null) {
      String w = dialect.quote(watermarkColumn);
      watermarkMax = "SELECT MAX(" + w + ")" + from + (afterPrevious ? " WHERE " + w + " > ?" : "");
      if (afterPrevious) {
        window.add(w + " > ?");
      }
      window.add(w + " <= ?");
    }
    String partitionBounds = null;
    List<String> split = new ArrayList<>(window);
    if (partitionColumn != null) {
      String p = dialect.quote(partitionColumn);
      partitionBounds = "SELECT MIN(" + p + "), MAX(" + p + ")" + from + where(window);
      split.add("((" + p + " >= ? AND " + p + " < ?) OR (? = 1 AND " + p + " IS NULL))");
    }
    // "SELECT*", no space: written when the splits were read through Beam 2.70's JdbcIO, whose
    // JdbcUtil prints (System.out) the schema of every statement matching "SELECT\\s+… FROM". Kept:
    // the statement is every file's `sql` detail, and captures before and after should compare.
    return new CaptureSql("SELECT *" + from + " WHERE 1 = 0", watermarkMax, partitionBounds,
        "SELECT*" + from + where(split));
  }

  private static String where(List<String> conditions) {
    return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
  }
}
