package org.beamlake.project;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A project's own files (its YAML, SQL and golden files) as local files, wherever the project is. A
 * local directory is read in place. A project at a URI ({@code s3://bucket/projects/sales},
 * {@code file:///srv/sales/beamlake.yaml}, any scheme Beam's {@code FileSystems} knows) is copied
 * file by file, as the loader asks for each, into a local temporary directory deleted when the JVM
 * exits; so a cluster needs only the jar and the project's URI.
 *
 * <p>Data locations written in the project (a source's {@code path} or {@code sample}, the
 * {@code lake}) resolve against where the project really is, not against the copy, so that a
 * cluster's workers read them there.
 */
final class ProjectFiles {
  private static final String URI_PREFIX = "^[a-zA-Z][a-zA-Z0-9+.-]*://.*";

  /** The local copy's root (a project at a URI), else the project directory. */
  private final Path root;
  /** Scheme and authority with the path's first slash ({@code s3://bucket/}), or null for a local project. */
  private final @Nullable String prefix;
  /** The project directory's path after {@link #prefix}, ending with '/' unless empty. */
  private final String basePath;
  private final String yamlName;
  private final Set<String> fetched = new HashSet<>();

  private ProjectFiles(Path root, @Nullable String prefix, String basePath, String yamlName) {
    this.root = root;
    this.prefix = prefix;
    this.basePath = basePath;
    this.yamlName = yamlName;
  }

  /** Whether a location is a URI (with a scheme) rather than a local path. */
  static boolean isUri(String location) {
    return location.matches(URI_PREFIX);
  }

  /** A project in a local directory, or the local YAML file itself. */
  static ProjectFiles local(Path project) {
    Path yaml = Files.isDirectory(project) ? project.resolve(ProjectLoader.FILE_NAME) : project;
    return new ProjectFiles(yaml.toAbsolutePath().getParent(), null, "", yaml.getFileName().toString());
  }

  /** A project at a URI: its directory (holding {@code beamlake.yaml}) or its YAML file. */
  static ProjectFiles remote(String uri) {
    String location = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    boolean isYaml = location.endsWith(".yaml") || location.endsWith(".yml");
    String directory = isYaml ? location.substring(0, location.lastIndexOf('/') + 1) : location + "/";
    int pathStart = directory.indexOf('/', directory.indexOf("://") + 3);
    String prefix = directory.substring(0, pathStart + 1);
    String yamlName = isYaml ? location.substring(location.lastIndexOf('/') + 1) : ProjectLoader.FILE_NAME;
    try {
      Path copy = Files.createTempDirectory("beamlake-project-");
      copy.toFile().deleteOnExit();
      return new ProjectFiles(copy, prefix, directory.substring(prefix.length()), yamlName);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a local copy of the project " + uri, e);
    }
  }

  /** The directory the project's files are read from (for a project at a URI, in the local copy). */
  Path dir() {
    return root.resolve(basePath).normalize();
  }

  /** The project file as a local file; it does not exist if the project has none. */
  Path yaml() {
    return file(yamlName);
  }

  /** The project file as the user named it, for messages. */
  String yamlDisplay(String asGiven) {
    return prefix == null ? asGiven : prefix + basePath + yamlName;
  }

  /**
   * A file of the project, relative to its directory, as a local file: fetched first if the project
   * is at a URI. The returned path does not exist if the project has no such file.
   */
  Path file(String relative) {
    if (prefix == null) {
      return root.resolve(relative).normalize();
    }
    String path = resolve(relative);
    Path local = root.resolve(path).normalize();
    if (fetched.add(path)) {
      fetch(prefix + path, local);
    }
    return local;
  }

  /** A file of the project as the user knows it, for messages. */
  String display(String relative, String yamlAsGiven) {
    return prefix == null ? Path.of(yamlAsGiven).resolveSibling(relative).normalize().toString()
        : prefix + resolve(relative);
  }

  /** A data location relative to the project (a glob, a lake), resolved against where the project is. */
  String location(String relative) {
    return prefix == null ? root.resolve(relative).normalize().toString() : prefix + resolve(relative);
  }

  private void fetch(String uri, Path local) {
    try {
      MatchResult.Metadata metadata;
      try {
        metadata = FileSystems.matchSingleFileSpec(uri);
      } catch (FileNotFoundException e) {
        return; // reported by the loader as a missing file, at the key that names it
      }
      Files.createDirectories(local.getParent());
      markForDeletion(local.getParent());
      try (ReadableByteChannel channel = FileSystems.open(metadata.resourceId());
          InputStream in = Channels.newInputStream(channel)) {
        Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
      }
      local.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + uri + ": " + e.getMessage(), e);
    }
  }

  /** Directories under the copy, registered outermost first so that they are deleted after their files. */
  private void markForDeletion(Path directory) {
    Deque<File> chain = new ArrayDeque<>();
    for (Path p = directory; p != null && p.startsWith(root) && !p.equals(root); p = p.getParent()) {
      chain.push(p.toFile());
    }
    chain.forEach(File::deleteOnExit);
  }

  /** The project directory's path joined with a relative one, '.' and '..' resolved (never above the root). */
  private String resolve(String relative) {
    Deque<String> segments = new ArrayDeque<>();
    for (String segment : (basePath + relative).split("/")) {
      if (segment.equals("..")) {
        segments.pollLast();
      } else if (!segment.isEmpty() && !segment.equals(".")) {
        segments.addLast(segment);
      }
    }
    return String.join("/", segments);
  }
}
