package org.beamlake.lake;

import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;

/**
 * Row counts read from Parquet footers, without reading the data: how a commit checks that the
 * files it is about to publish hold exactly the rows the pipeline counted.
 */
public final class ParquetFooters {
  private ParquetFooters() {}

  /** The rows in one Parquet file, from its footer. */
  public static long rowCount(MatchResult.Metadata file) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(new BeamInputFile(file))) {
      return reader.getRecordCount();
    }
  }

  /** The footer of one Parquet file: its schema as written, its row groups and their codecs. */
  public static ParquetMetadata footer(MatchResult.Metadata file) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(new BeamInputFile(file))) {
      return reader.getFooter();
    }
  }

  /** The rows in every {@code .parquet} file of {@code files}; other files are ignored. */
  public static long rowCount(List<MatchResult.Metadata> files) throws IOException {
    long rows = 0;
    for (MatchResult.Metadata file : files) {
      if (file.resourceId().getFilename() != null && file.resourceId().getFilename().endsWith(".parquet")) {
        rows += rowCount(file);
      }
    }
    return rows;
  }
}
