package org.beamlake.capture;

import java.io.Serializable;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One file a capture wrote into its staging directory, as the manifest records it.
 *
 * @param file name relative to the staging directory (unique within one capture)
 * @param from where it came from: a path, a URL (secrets redacted), or a query
 * @param bytes size as written
 * @param sha256 hex SHA-256 of the bytes as written
 * @param records records in the file (JSON array elements, lines), or -1 if not counted
 * @param details source-specific facts for the manifest (request parameters, page, split range,
 *     watermark bounds); no secrets
 */
public record CapturedFile(
    String file, String from, long bytes, String sha256, long records, Map<String, String> details)
    implements Serializable {
  public CapturedFile {
    details = Map.copyOf(details);
  }

  /** A new SHA-256 digest: how {@link #sha256} is computed. */
  public static java.security.MessageDigest newSha256() {
    try {
      return java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** A detail, or null. */
  public @Nullable String detail(String key) {
    return details.get(key);
  }
}
