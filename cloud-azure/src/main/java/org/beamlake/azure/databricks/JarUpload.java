package org.beamlake.azure.databricks;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The cluster jar on a Unity Catalog volume, named by its content ({@code beamlake-<sha256
 * prefix>.jar}): uploaded once, found again by name, and never overwritten, so a job keeps running
 * the exact jar it was given while a newer one is uploaded beside it.
 */
final class JarUpload {
  private JarUpload() {}

  /** Uploads {@code jar} into {@code volumeDir} unless there already; returns its path there. */
  static String ensure(DatabricksClient client, Path jar, String volumeDir, PrintStream out) throws IOException {
    if (!volumeDir.startsWith("/Volumes/") || volumeDir.split("/").length < 5) {
      throw new IllegalArgumentException("--volume must be a Unity Catalog volume path, /Volumes/CATALOG/SCHEMA/"
          + "VOLUME[/DIR], got '" + volumeDir + "'");
    }
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException("no jar at " + jar + "; build it with: mvn -q package -Pcluster-jar "
          + "-DskipTests");
    }
    String path = volumeDir.replaceAll("/+$", "") + "/beamlake-" + sha256(jar).substring(0, 16) + ".jar";
    if (client.fileExists(path)) {
      out.println("jar       " + path + " (already there)");
    } else {
      client.upload(jar, path);
      out.println("jar       " + path + " (uploaded, " + Files.size(jar) / (1024 * 1024) + " MB)");
    }
    return path;
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
