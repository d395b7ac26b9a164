package org.beamlake.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.beamlake.lake.Lake;

/** The runs recorded in the lake's {@code _runs/}, newest (greatest run id) first, and their files. */
final class RunCatalog {
  private final Lake lake;

  RunCatalog(Lake lake) {
    this.lake = lake;
  }

  /** Run ids with a {@code _runs/<id>.json}, newest first. */
  List<String> ids() {
    List<String> ids = new ArrayList<>();
    try {
      MatchResult m = FileSystems.match(lake.runs() + "*.json", EmptyMatchTreatment.ALLOW);
      if (m.status() == MatchResult.Status.OK) {
        for (MatchResult.Metadata file : m.metadata()) {
          String name = file.resourceId().getFilename();
          ids.add(name.substring(0, name.length() - ".json".length()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not list " + lake.runs(), e);
    }
    ids.sort(Comparator.reverseOrder());
    return ids;
  }

  Optional<String> latest() {
    return ids().stream().findFirst();
  }

  /** The bytes of {@code _runs/<id><suffix>} for a listed run id, if that file exists. */
  Optional<byte[]> file(String id, String suffix) {
    if (!ids().contains(id)) {
      return Optional.empty();
    }
    String path = lake.runs() + id + suffix;
    try {
      MatchResult m = FileSystems.match(path, EmptyMatchTreatment.ALLOW);
      if (m.status() != MatchResult.Status.OK || m.metadata().isEmpty()) {
        return Optional.empty();
      }
      try (InputStream in = Channels.newInputStream(FileSystems.open(m.metadata().get(0).resourceId()))) {
        return Optional.of(in.readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + path, e);
    }
  }
}
