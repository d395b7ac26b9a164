package org.beamlake.catalog;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.beamlake.lake.CommitInfo;
import org.beamlake.lake.Lake;
import org.beamlake.lake.ParquetFooters;
import org.beamlake.lake.TableCommit;

/**
 * One committed table under a lake's {@code refined/}: its name, its folder and its commit marker.
 * Catalog DDL is generated from what this says was written, so a table declared in a catalog is
 * always one that a run completed.
 *
 * <pre>{@code
 * for (RefinedTable table : RefinedTable.all(Lake.at("s3://bucket/lakes/world"))) {
 *   MessageType written = table.footer().getFileMetaData().getSchema();
 * }
 * }</pre>
 *
 * @param name the table's folder name under {@code refined/}
 * @param location the table's folder, ending with {@code /}
 * @param commit its commit marker
 */
public record RefinedTable(String name, String location, CommitInfo commit) {

  /** One partition as written: its (decoded) value and its folder relative to the table's. */
  public record Partition(String value, String folder) {}

  /** Every committed table of a lake, by name. */
  public static List<RefinedTable> all(Lake lake) throws IOException {
    Map<String, RefinedTable> tables = new TreeMap<>();
    MatchResult markers = FileSystems.match(lake.base() + "refined/*/" + TableCommit.MARKER, EmptyMatchTreatment.ALLOW);
    if (markers.status() == MatchResult.Status.OK) {
      for (MatchResult.Metadata marker : markers.metadata()) {
        String dir = marker.resourceId().getCurrentDirectory().toString();
        String name = marker.resourceId().getCurrentDirectory().getFilename().replaceAll("/$", "");
        Optional<CommitInfo> commit = TableCommit.read(dir);
        commit.ifPresent(c -> tables.put(name, new RefinedTable(name, dir.endsWith("/") ? dir : dir + "/", c)));
      }
    }
    return new ArrayList<>(tables.values());
  }

  /**
   * The footer of the table's first Parquet file: the schema and codec actually written. Every file
   * of a table is written with one schema (the commit refuses anything else), so one footer is enough.
   */
  public ParquetMetadata footer() throws IOException {
    for (String file : commit.files()) {
      if (file.endsWith(".parquet")) {
        return ParquetFooters.footer(FileSystems.matchSingleFileSpec(location + file));
      }
    }
    throw new IOException(location + TableCommit.MARKER + " lists no Parquet file");
  }

  /**
   * The partitions the marker's files sit in ({@code COLUMN=value/} folders, the value URL-encoded
   * as the writer encodes it), by folder; empty for an unpartitioned table.
   */
  public List<Partition> partitions() {
    String column = commit.partitionBy();
    if (column == null) {
      return List.of();
    }
    Map<String, Partition> partitions = new TreeMap<>();
    String prefix = column + "=";
    for (String file : commit.files()) {
      int slash = file.indexOf('/');
      if (file.startsWith(prefix) && slash > 0) {
        String folder = file.substring(0, slash + 1);
        partitions.computeIfAbsent(folder, f -> new Partition(
            URLDecoder.decode(f.substring(prefix.length(), f.length() - 1), StandardCharsets.UTF_8), f));
      }
    }
    return new ArrayList<>(partitions.values());
  }
}
