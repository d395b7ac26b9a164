package org.beamlake.ml;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The deterministic train/test split: a row is in the test split when the SHA-256 of the seed and
 * its key column's value, read as a fraction of 2^64, is below the test fraction. The same key goes
 * to the same side on every runner and in every run, whatever the order or partitioning of rows.
 */
public final class HashSplit {
  private HashSplit() {}

  /** Whether a row whose key column holds {@code key} is in the test split. */
  public static boolean isTest(Object key, long seed, double testFraction) {
    if (testFraction <= 0) {
      return false;
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update((seed + ":" + key).getBytes(StandardCharsets.UTF_8));
      long bits = ByteBuffer.wrap(sha.digest()).getLong() >>> 11;
      return bits * 0x1.0p-53 < testFraction;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }
}
