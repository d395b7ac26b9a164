package org.beamlake.serve;

import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.beamlake.lake.TableQuery;

/**
 * The parameters of {@code GET /tables/{name}}: column filters ({@code ?REF_AREA=FRA}, repeated for
 * any of several values), {@code sort} ({@code col}, {@code -col}, comma-separated), {@code limit}
 * and {@code offset}. Each mistake is a 400 naming its parameter.
 */
record RowsRequest(TableQuery query, int offset, int limit) {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 10_000;

  static final List<String> RESERVED = List.of("limit", "offset", "sort");

  /**
   * Reads the parameters against a table's schema. {@code csv}: a download, where {@code limit}
   * has no default and no maximum.
   */
  static RowsRequest parse(QueryParameters parameters, String table, Schema schema, boolean csv) {
    int limit = csv ? parameters.integer("limit", 0, Integer.MAX_VALUE, Integer.MAX_VALUE)
        : parameters.integer("limit", 0, MAX_LIMIT, DEFAULT_LIMIT);
    int offset = parameters.integer("offset", 0, Integer.MAX_VALUE, 0);
    TableQuery query = TableQuery.of(schema);
    for (Map.Entry<String, List<String>> p : parameters.all().entrySet()) {
      String name = p.getKey();
      if (RESERVED.contains(name)) {
        continue;
      }
      if (!schema.hasField(name)) {
        throw ApiException.badParameter(name, "unknown parameter '" + name + "': expected limit, offset, sort or a "
            + "column of " + table + " " + schema.getFieldNames());
      }
      try {
        query = query.where(name, p.getValue());
      } catch (IllegalArgumentException e) {
        throw ApiException.badParameter(name, e.getMessage());
      }
    }
    String sort = parameters.single("sort");
    if (sort != null) {
      for (String key : sort.split(",", -1)) {
        boolean descending = key.startsWith("-");
        String column = descending ? key.substring(1) : key;
        if (column.isEmpty()) {
          throw ApiException.badParameter("sort", "sort: expected column names separated by commas, each optionally "
              + "preceded by '-' for descending, got '" + sort + "'");
        }
        if (!schema.hasField(column)) {
          throw ApiException.badParameter("sort", "sort: no column '" + column + "' in " + table + "; columns are "
              + schema.getFieldNames());
        }
        query = query.orderBy(column, descending);
      }
    }
    return new RowsRequest(query, offset, limit);
  }
}
