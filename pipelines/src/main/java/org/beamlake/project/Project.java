package org.beamlake.project;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A loaded and checked project: sources to capture, datasets to build into trusted, refined tables
 * to compute with SQL, and the expectations that {@code beamlake test} checks.
 *
 * @param name project name
 * @param dir the local directory the project file was read from (for a project at a URI, a local
 *     copy of its files)
 * @param file the project file as the user named it, for messages
 * @param models the models of the {@code ml} stage, by name
 * @param lake the lake location the project names, resolved against where the project is (a
 *     relative one against its directory, also for a project at a URI), or null (the CLI then uses
 *     {@code lake/})
 */
public record Project(
    String name,
    String description,
    Path dir,
    String file,
    @Nullable String lake,
    Map<String, SourceConfig> sources,
    Map<String, DatasetConfig> datasets,
    Map<String, TableConfig> tables,
    List<Expectation> expectations,
    Map<String, ModelConfig> models) {

  /** A project without models. */
  public Project(String name, String description, Path dir, String file, @Nullable String lake,
      Map<String, SourceConfig> sources, Map<String, DatasetConfig> datasets, Map<String, TableConfig> tables,
      List<Expectation> expectations) {
    this(name, description, dir, file, lake, sources, datasets, tables, expectations, Map.of());
  }
}
