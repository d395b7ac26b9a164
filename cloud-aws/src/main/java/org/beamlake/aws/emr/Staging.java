package org.beamlake.aws.emr;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * What a run needs on S3 before its steps start, under the config's {@code staging} prefix: the
 * cluster jar named by its content ({@code jars/beamlake-<sha256 prefix>.jar}, uploaded once and never
 * overwritten, so running steps keep the jar they were given) and the project as of this run ({@code
 * projects/<name>/<run id>/}). Objects are written encrypted (SSE-KMS with the config's key, else
 * SSE-S3).
 */
final class Staging {
  private Staging() {}

  /** Uploads the jar unless an object of its name is there; returns its {@code s3://} URI. */
  static String jar(S3Client s3, EmrConfig config, Path jar, PrintStream out) throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException("no jar at " + jar + "; build it with: mvn -q package -Pcluster-jar "
          + "-DskipTests");
    }
    String key = config.stagingPrefix() + "jars/beamlake-" + sha256(jar).substring(0, 16) + ".jar";
    String uri = "s3://" + config.stagingBucket() + "/" + key;
    if (exists(s3, config.stagingBucket(), key)) {
      out.println("jar       " + uri + " (already there)");
    } else {
      s3.putObject(put(config, key), RequestBody.fromFile(jar));
      out.println("jar       " + uri + " (uploaded, " + Files.size(jar) / (1024 * 1024) + " MB)");
    }
    return uri;
  }

  /**
   * The project's files under {@code projects/<directory name>/<run id>/}; returns that URI. A project
   * given as an {@code s3://} URI is used where it is.
   */
  static String project(S3Client s3, EmrConfig config, String project, String runId, PrintStream out)
      throws IOException {
    if (project.startsWith("s3://")) {
      out.println("project   " + project + " (already on S3)");
      return project;
    }
    Path dir = Path.of(project).toAbsolutePath().normalize();
    if (!Files.isRegularFile(dir.resolve("beamlake.yaml"))) {
      throw new IllegalArgumentException("no beamlake.yaml in " + dir + "; give the project's directory");
    }
    String prefix = config.stagingPrefix() + "projects/" + dir.getFileName() + "/" + runId + "/";
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile)
          .filter(f -> !dir.relativize(f).toString().startsWith(".")).sorted().toList();
    }
    for (Path file : files) {
      s3.putObject(put(config, prefix + dir.relativize(file).toString().replace('\\', '/')), RequestBody.fromFile(file));
    }
    String uri = "s3://" + config.stagingBucket() + "/" + prefix;
    out.println("project   " + uri + " (" + files.size() + " files)");
    return uri;
  }

  private static PutObjectRequest put(EmrConfig config, String key) {
    PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(config.stagingBucket()).key(key);
    return (config.kmsKey() != null ? put.serverSideEncryption(ServerSideEncryption.AWS_KMS)
        .ssekmsKeyId(config.kmsKey()) : put.serverSideEncryption(ServerSideEncryption.AES256)).build();
  }

  private static boolean exists(S3Client s3, String bucket, String key) {
    try {
      s3.headObject(h -> h.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
