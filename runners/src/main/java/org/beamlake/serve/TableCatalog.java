package org.beamlake.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.beamlake.lake.CommitInfo;
import org.beamlake.lake.Lake;
import org.beamlake.lake.TableCommit;
import org.beamlake.lake.TableReader;

/**
 * The lake's committed refined tables, listed from their {@code _SUCCESS} markers on every call so
 * a new commit shows at once; a table's rows are read once per commit and kept in memory.
 */
final class TableCatalog {
  private final Lake lake;
  private final Map<String, TableReader.Table> cache = new ConcurrentHashMap<>();

  TableCatalog(Lake lake) {
    this.lake = lake;
  }

  /** Every committed refined table by name, in name order. */
  SortedMap<String, CommitInfo> list() {
    SortedMap<String, CommitInfo> tables = new TreeMap<>();
    String zone = lake.base() + "refined/";
    try {
      MatchResult m = FileSystems.match(zone + "*/" + TableCommit.MARKER, EmptyMatchTreatment.ALLOW);
      if (m.status() != MatchResult.Status.OK) {
        return tables;
      }
      for (MatchResult.Metadata marker : m.metadata()) {
        String path = marker.resourceId().toString();
        String dir = path.substring(0, path.length() - TableCommit.MARKER.length());
        String name = dir.substring(dir.lastIndexOf('/', dir.length() - 2) + 1, dir.length() - 1);
        TableCommit.read(dir).ifPresent(info -> tables.put(name, info));
      }
      return tables;
    } catch (IOException e) {
      throw new UncheckedIOException("could not list " + zone, e);
    }
  }

  /** The committed table called exactly {@code name}, if there is one. */
  Optional<CommitInfo> find(String name) {
    return Optional.ofNullable(list().get(name));
  }

  /** The rows of a listed table as its marker says; read again only after a new commit. */
  TableReader.Table read(String name, CommitInfo info) {
    TableReader.Table cached = cache.get(name);
    if (cached != null && cached.commit().equals(info)) {
      return cached;
    }
    TableReader.Table table = TableReader.readAll(lake.refined(name));
    cache.put(name, table);
    return table;
  }
}
