package org.beamlake.capture.jdbc;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.util.MimeTypes;
import org.beamlake.lake.LakeFiles;

/**
 * Runs one split's statement and writes its rows as JSON lines straight into a temporary file of
 * its own: rows never become elements of a collection. The result is streamed (autocommit off and
 * a fetch size, which is what makes PostgreSQL's driver use a cursor instead of holding every row).
 */
class ReadSplitFn extends DoFn<JdbcSplit, SplitFile> {
  private static final long serialVersionUID = 1L;
  static final int FETCH_ROWS = 10_000;
  private static final int WRITE_BUFFER = 1 << 18;

  private final JdbcDataSource dataSourceFn;
  private final JdbcDialect dialect;
  private final String readSql;
  private final String describedTarget;
  private final String splitDirectory;
  private transient DataSource dataSource;

  /** @param splitDirectory where the temporary files go, ending in {@code /} */
  ReadSplitFn(JdbcDataSource dataSourceFn, JdbcDialect dialect, String readSql, String describedTarget,
      String splitDirectory) {
    this.dataSourceFn = dataSourceFn;
    this.dialect = dialect;
    this.readSql = readSql;
    this.describedTarget = describedTarget;
    this.splitDirectory = splitDirectory;
  }

  @ProcessElement
  public void process(@Element JdbcSplit split, OutputReceiver<SplitFile> out) throws IOException {
    if (dataSource == null) {
      dataSource = dataSourceFn.apply(null);
    }
    String path = splitDirectory + String.format("split-%05d.jsonl", split.index());
    ResourceId file = FileSystems.matchNewResource(path, false);
    long rows;
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        rows = read(connection, split, file);
        connection.commit();
      } catch (SQLException | IOException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw dataSourceFn.failure(describedTarget + ", split " + split.index(), e);
    }
    out.output(new SplitFile(split.index(), path, rows));
  }

  private long read(Connection connection, JdbcSplit split, ResourceId file) throws SQLException, IOException {
    try (PreparedStatement statement = connection.prepareStatement(readSql, ResultSet.TYPE_FORWARD_ONLY,
        ResultSet.CONCUR_READ_ONLY)) {
      statement.setFetchSize(FETCH_ROWS);
      SplitParameters.bind(statement, split.parameters());
      try (ResultSet rs = statement.executeQuery();
          OutputStream stream = new BufferedOutputStream(
              Channels.newOutputStream(LakeFiles.replace(file, MimeTypes.TEXT)), WRITE_BUFFER)) {
        return JsonLines.write(dialect, rs, stream);
      }
    }
  }
}
