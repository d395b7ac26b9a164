package org.beamlake.spi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptions;
import org.beamlake.lake.Lake;

/** A lake on a local or mounted disk: the zone folders, created if missing. */
public final class LocalLakeStore implements LakeStore {
  @Override
  public List<String> schemes() {
    return List.of("file");
  }

  @Override
  public List<String> init(String lake, PipelineOptions options, boolean create) throws IOException {
    Path base = Path.of(Lake.at(lake).base());
    List<String> done = new ArrayList<>();
    if (!Files.isDirectory(base)) {
      if (!create) {
        throw new IOException(base + " does not exist; pass --create to create it");
      }
      Files.createDirectories(base);
      done.add("created " + base);
    }
    for (String zone : Lake.ZONES) {
      Path dir = base.resolve(zone);
      done.add((Files.isDirectory(dir) ? "exists  " : "created ") + dir + "/");
      Files.createDirectories(dir);
    }
    return done;
  }
}
