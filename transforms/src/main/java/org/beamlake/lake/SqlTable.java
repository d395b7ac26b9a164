package org.beamlake.lake;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.extensions.sql.meta.BeamSqlTableFilter;
import org.apache.beam.sdk.extensions.sql.meta.ProjectSupport;
import org.apache.beam.sdk.extensions.sql.meta.SchemaBaseBeamTable;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.vendor.calcite.v1_40_0.org.apache.calcite.rex.RexCall;
import org.apache.beam.vendor.calcite.v1_40_0.org.apache.calcite.rex.RexInputRef;
import org.apache.beam.vendor.calcite.v1_40_0.org.apache.calcite.rex.RexNode;
import org.apache.beam.vendor.calcite.v1_40_0.org.apache.calcite.sql.SqlKind;

/**
 * A committed table as Beam SQL reads it ({@code RunSql.withTables}): the query's choice of
 * columns, in the order it uses them, and its {@code column IS NOT NULL} conditions are made by
 * the read ({@link ReadTable#selecting}, {@link ReadTable#withoutNullsIn}), through Beam SQL's
 * push-down of projections and filters into a table.
 *
 * <p>Why: given as a collection, a table is read whole, or by a guess at the columns the query
 * names, and Beam SQL's {@code Calc} picks the columns and tests the conditions of every row, with
 * compiled code and a new row each. Here the planner itself says which columns the query uses,
 * and a query whose {@code Calc} did nothing else has none. Other conditions and computed columns
 * stay in the query. On the benchmark's statistics table the {@code Calc} goes; the stage was not
 * measurably faster at 4M rows (BENCHMARKS.md, "Beam SQL's Calc pushed into the read").
 *
 * <pre>{@code
 * PCollection<Row> stats = PCollectionTuple.empty(p).apply(RunSql.query(sql)
 *     .withTables(Map.of("orders", ReadTable.from(lake.trusted("orders")).asSqlTable("stats/orders"))));
 * }</pre>
 */
public final class SqlTable extends SchemaBaseBeamTable {
  private static final long serialVersionUID = 1L;

  private final ReadTable read;
  private final String name;

  SqlTable(ReadTable read, String name) {
    super(read.schema());
    this.read = read;
    this.name = name;
  }

  @Override
  public PCollection<Row> buildIOReader(PBegin begin) {
    return begin.apply(name, read);
  }

  @Override
  public PCollection<Row> buildIOReader(PBegin begin, BeamSqlTableFilter filter, List<String> fieldNames) {
    ReadTable columns = fieldNames.isEmpty() ? read : read.selecting(fieldNames);
    if (filter instanceof NotNull notNull && !notNull.columns.isEmpty()) {
      columns = columns.withoutNullsIn(notNull.columns);
    }
    return begin.apply(name, columns);
  }

  @Override
  public POutput buildIOWriter(PCollection<Row> input) {
    throw new UnsupportedOperationException("a table of the lake cannot be written from SQL: " + name);
  }

  @Override
  public PCollection.IsBounded isBounded() {
    return PCollection.IsBounded.BOUNDED;
  }

  @Override
  public ProjectSupport supportsProjects() {
    return ProjectSupport.WITH_FIELD_REORDERING;
  }

  /** Takes the conditions that are {@code IS NOT NULL} of a column; the others stay in the query. */
  @Override
  public BeamSqlTableFilter constructFilter(List<RexNode> filter) {
    List<String> columns = new ArrayList<>();
    List<RexNode> others = new ArrayList<>();
    for (RexNode condition : filter) {
      if (condition.getKind() == SqlKind.IS_NOT_NULL
          && ((RexCall) condition).getOperands().get(0) instanceof RexInputRef ref) {
        columns.add(getSchema().getField(ref.getIndex()).getName());
      } else {
        others.add(condition);
      }
    }
    return new NotNull(columns, others);
  }

  /** The columns whose nulls the read leaves out, and the conditions the query keeps. */
  private static final class NotNull implements BeamSqlTableFilter {
    private final List<String> columns;
    private final List<RexNode> others;

    NotNull(List<String> columns, List<RexNode> others) {
      this.columns = columns;
      this.others = others;
    }

    @Override
    public List<RexNode> getNotSupported() {
      return others;
    }

    @Override
    public int numSupported() {
      return columns.size();
    }

    @Override
    public String toString() {
      return "IS NOT NULL " + columns;
    }
  }
}
