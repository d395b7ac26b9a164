package org.beamlake.capture.jdbc;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.beamlake.capture.CapturedFile;

/** Runs a capture on the DirectRunner and reads back what it wrote and what it reported. */
final class CaptureRun {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, ConcurrentLinkedQueue<CapturedFile>> REPORTED = new ConcurrentHashMap<>();

  final Path staging;
  /** The CapturedFile entries, by file name. */
  final List<CapturedFile> files;

  private CaptureRun(Path staging, List<CapturedFile> files) {
    this.staging = staging;
    this.files = files;
  }

  static CaptureRun run(Path staging, CaptureJdbc capture) {
    String id = UUID.randomUUID().toString();
    REPORTED.put(id, new ConcurrentLinkedQueue<>());
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    p.apply(capture.withStagingDirectory(staging.toString())).apply(ParDo.of(new Collect(id)));
    try {
      p.run().waitUntilFinish();
      List<CapturedFile> files = new ArrayList<>(REPORTED.get(id));
      files.sort(Comparator.comparing(CapturedFile::file));
      return new CaptureRun(staging, files);
    } finally {
      REPORTED.remove(id);
    }
  }

  /** Every file under the staging directory, relative, sorted (Beam's temporary files must be gone). */
  List<String> filesOnDisk() {
    try (Stream<Path> s = Files.walk(staging)) {
      return s.filter(Files::isRegularFile).map(f -> staging.relativize(f).toString()).sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The lines of every file of one table or query, sorted. */
  List<String> lines(String target) {
    return files.stream().filter(f -> f.file().startsWith(target + "/"))
        .flatMap(f -> text(f.file()).lines()).sorted().collect(Collectors.toList());
  }

  /** An integer field of every row of a target, sorted: a row read twice shows up twice. */
  List<Long> ids(String target, String field) {
    return lines(target).stream().map(line -> {
      try {
        return JSON.readTree(line).get(field).longValue();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).sorted().collect(Collectors.toList());
  }

  String text(String file) {
    return new String(bytes(file), StandardCharsets.UTF_8);
  }

  byte[] bytes(String file) {
    try {
      return Files.readAllBytes(staging.resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a CapturedFile for {@code file} must say, from the bytes on disk. */
  CapturedFile expected(String file, String from, Map<String, String> details) {
    byte[] bytes = bytes(file);
    return new CapturedFile(file, from, bytes.length, sha256(bytes), text(file).lines().count(), details);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class Collect extends DoFn<CapturedFile, Void> {
    private final String id;

    Collect(String id) {
      this.id = id;
    }

    @ProcessElement
    public void process(@Element CapturedFile file) {
      REPORTED.get(id).add(file);
    }
  }
}
