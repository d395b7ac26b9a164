package org.beamlake.lake;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.values.PCollection;

/**
 * Files named as data: writers that write a file per bundle emit each file's name once it is
 * closed, and only the names in the list are read or published afterwards. A retried or
 * recomputed task writes another file, but its name is an element produced once, so a file left
 * by a failed attempt is never used: nothing is lost or read twice.
 */
public final class FileLists {
  private FileLists() {}

  /** Adds the write of {@code names}, one per line, to the single file {@code list}. */
  public static void write(PCollection<String> names, String list, String stepName) {
    names.setCoder(StringUtf8Coder.of()).apply(stepName, TextIO.write().to(list).withoutSharding());
  }

  /** The names in {@code list}, in the order written; fails if the list is missing. */
  public static List<String> read(String list) {
    try (InputStream in = Channels.newInputStream(FileSystems.open(FileSystems.matchNewResource(list, false)))) {
      return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
          .filter(line -> !line.isBlank()).collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the file list " + Lake.display(list), e);
    }
  }
}
