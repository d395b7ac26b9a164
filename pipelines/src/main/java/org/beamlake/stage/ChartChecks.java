package org.beamlake.stage;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.beamlake.lake.TableQuery;
import org.beamlake.project.ChartConfig;
import org.beamlake.project.ProjectError;
import org.beamlake.project.TableConfig;
import org.beamlake.schema.ColumnType;

/** Checks a table's charts against the columns its query returns: names, number types, filter values. */
final class ChartChecks {
  private static final EnumSet<ColumnType> NUMBERS =
      EnumSet.of(ColumnType.INT, ColumnType.LONG, ColumnType.DOUBLE, ColumnType.DECIMAL);

  private ChartChecks() {}

  static List<ProjectError> check(TableConfig table, Schema columns) {
    List<ProjectError> errors = new ArrayList<>();
    for (ChartConfig chart : table.charts()) {
      column(errors, chart, "x", chart.x(), columns, chart.type() == ChartConfig.Type.SCATTER);
      column(errors, chart, "y", chart.y(), columns, true);
      if (chart.series() != null) {
        column(errors, chart, "series", chart.series(), columns, false);
      }
      for (Map.Entry<String, List<String>> filter : chart.where().entrySet()) {
        try {
          TableQuery.of(columns).where(filter.getKey(), filter.getValue());
        } catch (IllegalArgumentException e) {
          errors.add(error(chart, "where." + filter.getKey(), e.getMessage()));
        }
      }
    }
    return errors;
  }

  private static void column(List<ProjectError> errors, ChartConfig chart, String key, String column, Schema columns,
      boolean number) {
    if (!columns.hasField(column)) {
      errors.add(error(chart, key, "the query has no column '" + column + "'; its columns are "
          + columns.getFieldNames()));
      return;
    }
    ColumnType type = ColumnType.of(columns.getField(column).getType());
    if (number && !NUMBERS.contains(type)) {
      errors.add(error(chart, key, "column " + column + " is " + type.typeName() + "; a " + chart.type().yamlName()
          + " chart needs a number here (int, long, double or decimal)"));
    }
  }

  private static ProjectError error(ChartConfig chart, String key, String message) {
    return new ProjectError(chart.at().file(), chart.at().line(), chart.at().key() + "." + key, message);
  }
}
