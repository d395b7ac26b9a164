package org.beamlake.sql;

import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.extensions.sql.SqlTransform;
import org.apache.beam.sdk.extensions.sql.meta.BeamSqlTable;
import org.apache.beam.sdk.extensions.sql.meta.provider.ReadOnlyTableProvider;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Runs a Beam SQL (Calcite dialect) query over tables given as a {@link PCollectionTuple} whose
 * tag ids are the table names, with beamlake's functions available: {@code AVG(x)}, {@code MEDIAN(x)}, {@code
 * PERCENTILE(x, p)}, {@code STDDEV(x)}, {@code STDDEV_SAMP(x)}, {@code STDDEV_POP(x)}, {@code
 * VARIANCE(x)}, {@code VAR_SAMP(x)}, {@code VAR_POP(x)}, {@code CORR(x, y)}, {@code
 * COVAR_SAMP(x, y)}, {@code COVAR_POP(x, y)}, {@code COUNT_DISTINCT(x)} and {@code COUNT(DISTINCT
 * x)} (see {@code docs/sql.md}); the mean, variances and covariances replace Beam's, which round to
 * 10 significant digits.
 * Every SQL step of beamlake goes through this class.
 *
 * <pre>{@code
 * PCollection<Row> stats = PCollectionTuple.of(new TupleTag<Row>("obs"), observations)
 *     .apply(RunSql.query(
 *             "SELECT country, MEDIAN(obs_value) AS median, CORR(obs_value, year) AS trend\n"
 *                 + "FROM obs GROUP BY country")
 *         .withFileName("stats.sql"));
 * }</pre>
 *
 * <p>Before Beam SQL sees it, the query is rewritten so that these functions resolve (see {@link
 * SqlRewriter}); Beam's own functions are untouched. A query that does not parse, validate or
 * plan fails when the transform is applied, with an {@link InvalidSqlException} whose {@link
 * SqlError} points at the line and column of the query as written, e.g. {@code stats.sql:3:8:
 * Column 'OBS_VALU' not found in any table}.
 *
 * <p>Bounded inputs give bounded output. Row order is not defined (a file written from it is
 * unordered). Median, percentile and distinct count hold one group's values in memory.
 */
public final class RunSql extends PTransform<PCollectionTuple, PCollection<Row>> {
  private static final long serialVersionUID = 1L;
  private static final String DEFAULT_FILE_NAME = "<sql>";
  /** The schema of the tables given with {@link #withTables}. */
  private static final String TABLES = "lake";

  private final String sql;
  private final String fileName;
  private final Map<String, BeamSqlTable> tables;

  private RunSql(String sql, String fileName, Map<String, BeamSqlTable> tables) {
    this.sql = sql;
    this.fileName = fileName;
    this.tables = tables;
  }

  /** A transform running {@code sql}; error messages name it {@code <sql>} until {@link #withFileName}. */
  public static RunSql query(String sql) {
    if (sql == null || sql.isBlank()) {
      throw new IllegalArgumentException("sql must not be empty, got " + sql);
    }
    return new RunSql(sql, DEFAULT_FILE_NAME, Map.of());
  }

  /** The name of the file the query comes from, used in error messages, e.g. {@code stats.sql}. */
  public RunSql withFileName(String fileName) {
    if (fileName == null || fileName.isBlank()) {
      throw new IllegalArgumentException("fileName must not be empty, got " + fileName);
    }
    return new RunSql(sql, fileName, tables);
  }

  /**
   * The query's tables, by name, read by the query itself: a table that can take the query's
   * choice of columns and conditions ({@code lake.SqlTable}) reads only what the query uses. The
   * transform is then applied to an empty {@link PCollectionTuple}.
   */
  public RunSql withTables(Map<String, ? extends BeamSqlTable> tables) {
    if (tables == null || tables.isEmpty()) {
      throw new IllegalArgumentException("tables must name at least one table, got " + tables);
    }
    return new RunSql(sql, fileName, Map.copyOf(tables));
  }

  @Override
  public PCollection<Row> expand(PCollectionTuple inputs) {
    RewrittenSql rewritten;
    try {
      rewritten = SqlRewriter.rewrite(sql);
    } catch (InvalidSqlException e) {
      throw new InvalidSqlException(e.error().withFile(fileName), e);
    }
    SqlTransform query = Functions.register(SqlTransform.query(rewritten.sql()), rewritten.percentiles());
    if (!tables.isEmpty()) {
      if (!inputs.getAll().isEmpty()) {
        throw new IllegalArgumentException("a query given its tables takes no collections as tables, got "
            + inputs.getAll().keySet().stream().map(TupleTag::getId).toList());
      }
      query = query.withDefaultTableProvider(TABLES, new ReadOnlyTableProvider(TABLES, this.tables));
    }
    try {
      return inputs.apply("Query", query);
    } catch (RuntimeException e) {
      Optional<SqlError> error = SqlError.from(e, fileName);
      if (error.isEmpty() && !(e instanceof UnsupportedOperationException)) {
        throw e;
      }
      SqlError found = rewritten.toOriginal(
          error.orElseGet(() -> new SqlError(fileName, 0, 0, String.valueOf(e.getMessage()))));
      throw new InvalidSqlException(found.withMessage(Functions.userFacing(found.message())), e);
    }
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("fileName", fileName).withLabel("SQL file"))
        .add(DisplayData.item("query", sql).withLabel("SQL query"));
  }
}
