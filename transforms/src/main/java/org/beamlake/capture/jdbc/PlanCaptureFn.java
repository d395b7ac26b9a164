package org.beamlake.capture.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.beam.sdk.transforms.DoFn;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Asks the database what one target's capture will read: its columns (the watermark and partition
 * columns must be among them, with a kind that orders), the new high-water mark, and the split
 * bounds within the watermark window. This is the first connection of a capture, so a wrong URL
 * or password fails here, with a redacted message.
 */
class PlanCaptureFn extends DoFn<JdbcTarget, CapturePlan> {
  private static final long serialVersionUID = 1L;

  private final JdbcDataSource dataSourceFn;
  private final JdbcDialect dialect;
  private final CaptureSql sql;
  private final @Nullable String partitionColumn;
  private final int partitions;
  private final @Nullable String watermarkColumn;
  private final @Nullable String previousWatermark;
  private transient DataSource dataSource;

  PlanCaptureFn(JdbcDataSource dataSourceFn, JdbcDialect dialect, CaptureSql sql, @Nullable String partitionColumn,
      int partitions, @Nullable String watermarkColumn, @Nullable String previousWatermark) {
    this.dataSourceFn = dataSourceFn;
    this.dialect = dialect;
    this.sql = sql;
    this.partitionColumn = partitionColumn;
    this.partitions = partitions;
    this.watermarkColumn = watermarkColumn;
    this.previousWatermark = previousWatermark;
  }

  @ProcessElement
  public void process(@Element JdbcTarget target, OutputReceiver<CapturePlan> out) {
    if (dataSource == null) {
      // Here rather than in @Setup, so an unset variable fails the element like any other error.
      dataSource = dataSourceFn.apply(null);
    }
    try (Connection connection = dataSource.getConnection()) {
      out.output(plan(connection, target));
    } catch (SQLException e) {
      throw dataSourceFn.failure(target.describe(), e);
    }
  }

  private CapturePlan plan(Connection connection, JdbcTarget target) throws SQLException {
    Map<String, String> details = new LinkedHashMap<>();
    details.put(target.table() != null ? "table" : "query", target.name());
    details.put("sql", sql.read());
    Map<String, ColumnKind> columns = columns(connection, target);
    details.put("columns", String.join(",", columns.keySet()));
    List<Object> window = new ArrayList<>();
    if (watermarkColumn != null) {
      ColumnKind kind = kind(target, columns, "watermark", watermarkColumn);
      checkKind(kind.canBeWatermark(), target, "watermark", watermarkColumn, "an integer, decimal, date, timestamp"
          + " or text");
      details.put("watermark_column", watermarkColumn);
      List<Object> previous = new ArrayList<>();
      if (previousWatermark != null) {
        previous.add(previousMark(target, kind));
        details.put("watermark_low", previousWatermark);
      }
      Object high = query(connection, sql.watermarkMax(), previous, kind, 1)[0];
      if (high == null) {
        if (previousWatermark != null) {
          details.put("watermark_high", previousWatermark);
        }
        return new CapturePlan(details, List.of());
      }
      details.put("watermark_high", JdbcValues.text(high));
      window.addAll(previous);
      window.add(JdbcValues.bindable(kind, high));
    }
    if (partitionColumn == null) {
      return new CapturePlan(details, List.of(new JdbcSplit(0, window)));
    }
    ColumnKind kind = kind(target, columns, "partition", partitionColumn);
    checkKind(kind.canBePartitioned(), target, "partition", partitionColumn, "an integer, decimal, date or timestamp");
    Object[] range = query(connection, sql.partitionBounds(), window, kind, 2);
    details.put("partition_column", partitionColumn);
    details.put("partitions", String.valueOf(partitions));
    if (range[0] != null) {
      details.put("partition_min", JdbcValues.text(range[0]));
      details.put("partition_max", JdbcValues.text(range[1]));
    }
    List<Object> bounds = Partitions.bounds(kind, range[0], range[1], partitions);
    List<JdbcSplit> splits = new ArrayList<>();
    for (int i = 0; i < partitions; i++) {
      List<Object> parameters = new ArrayList<>(window);
      parameters.add(JdbcValues.bindable(kind, bounds.get(i)));
      parameters.add(JdbcValues.bindable(kind, bounds.get(i + 1)));
      parameters.add(i == 0 ? 1 : 0);
      splits.add(new JdbcSplit(i, parameters));
    }
    return new CapturePlan(details, splits);
  }

  /** Column labels and kinds in result order; a label twice would make a JSON object with a repeated key. */
  private Map<String, ColumnKind> columns(Connection connection, JdbcTarget target) throws SQLException {
    Map<String, ColumnKind> columns = new LinkedHashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(sql.probe());
        ResultSet rs = statement.executeQuery()) {
      ResultSetMetaData md = rs.getMetaData();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        if (columns.put(md.getColumnLabel(i), ColumnKind.of(dialect, md, i)) != null) {
          throw new IllegalArgumentException(target.describe() + " returns column '" + md.getColumnLabel(i)
              + "' more than once; give each column a distinct name");
        }
      }
    }
    return columns;
  }

  private static ColumnKind kind(JdbcTarget target, Map<String, ColumnKind> columns, String role, String column) {
    ColumnKind kind = columns.get(column);
    if (kind == null) {
      throw new IllegalArgumentException(role + " column '" + column + "' not found in " + target.describe()
          + " (columns: " + String.join(", ", columns.keySet()) + ")");
    }
    return kind;
  }

  private static void checkKind(boolean ok, JdbcTarget target, String role, String column, String expected) {
    if (!ok) {
      throw new IllegalArgumentException(role + " column '" + column + "' of " + target.describe()
          + " must be " + expected + " column");
    }
  }

  private Object previousMark(JdbcTarget target, ColumnKind kind) {
    try {
      return JdbcValues.parse(kind, previousWatermark);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("previous watermark of " + target.describe() + " (column "
          + watermarkColumn + "): " + e.getMessage(), e);
    }
  }

  /** The first row's first {@code columns} values, read as {@code kind}. */
  private static @Nullable Object[] query(Connection connection, String statementSql, List<Object> parameters,
      ColumnKind kind, int columns) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(statementSql)) {
      SplitParameters.bind(statement, parameters);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        Object[] values = new Object[columns];
        for (int i = 0; i < columns; i++) {
          values[i] = kind.read(rs, i + 1);
        }
        return values;
      }
    }
  }
}
