package org.beamlake.capture.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.beamlake.capture.CapturedFile;

/** Reading what a capture wrote, and the entries it should have emitted. */
final class StagedFiles {
  private StagedFiles() {}

  /** The staging directory as a Beam path ending in '/'. */
  static String directory(Path dir) {
    return dir.toAbsolutePath() + "/";
  }

  /** Every file in {@code dir}: name to content (UTF-8). */
  static SortedMap<String, String> read(Path dir) throws IOException {
    SortedMap<String, String> files = new TreeMap<>();
    try (Stream<Path> paths = Files.list(dir)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        files.put(path.getFileName().toString(), Files.readString(path, StandardCharsets.UTF_8));
      }
    }
    return files;
  }

  /** The entry for a file holding {@code body}; details as name, value pairs. */
  static CapturedFile entry(String file, String from, String body, long records, String... details) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < details.length; i += 2) {
      map.put(details[i], details[i + 1]);
    }
    return new CapturedFile(file, from, bytes.length, sha256(bytes), records, map);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
