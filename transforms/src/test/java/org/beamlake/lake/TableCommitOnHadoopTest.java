package org.beamlake.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.hdfs.HadoopFileSystemOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commits through Beam's Hadoop filesystem, the path an {@code abfss://} lake takes, with Hadoop's
 * viewfs mounted on a local folder standing in for ADLS.
 */
class TableCommitOnHadoopTest {
  @TempDir Path dir;

  @AfterEach
  void localOnly() {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
  }

  private void useViewfs(String authority, Class<?> impl) {
    Configuration conf = new Configuration(false);
    conf.set("fs.defaultFS", "viewfs://" + authority + "/");
    conf.set("fs.viewfs.mounttable." + authority + ".link./data", dir.toUri().toString());
    // Hadoop caches a filesystem per scheme and authority: each test mounts its own folder.
    conf.setBoolean("fs.viewfs.impl.disable.cache", true);
    if (impl != null) {
      conf.set("fs.viewfs.impl", impl.getName());
    }
    HadoopFileSystemOptions options = PipelineOptionsFactory.create().as(HadoopFileSystemOptions.class);
    options.setHdfsConfiguration(List.of(conf));
    FileSystems.setDefaultPipelineOptions(options);
  }

  private static void write(String file, String content) throws IOException {
    try (OutputStream out = Channels.newOutputStream(
        FileSystems.create(FileSystems.matchNewResource(file, false), MimeTypes.TEXT))) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
  }

  private List<String> onDisk(String folder) throws IOException {
    try (Stream<Path> files = Files.walk(dir.resolve(folder))) {
      return files.filter(Files::isRegularFile).map(p -> dir.resolve(folder).relativize(p).toString())
          .filter(p -> !p.endsWith(".crc")).sorted().toList();
    }
  }

  @Test
  void theFilesDirectlyInADirectoryAreListedWithThoseBelow() throws IOException {
    useViewfs("lake", null);
    write("viewfs://lake/data/st/part-0.csv", "a");
    write("viewfs://lake/data/st/sub/deeper/b.csv", "bb");
    write("viewfs://lake/data/st/sub/c.csv", "ccc");

    assertEquals(List.of("viewfs://lake/data/st/part-0.csv", "viewfs://lake/data/st/sub/c.csv",
        "viewfs://lake/data/st/sub/deeper/b.csv"),
        TableCommit.listFiles("viewfs://lake/data/st/").stream().map(m -> m.resourceId().toString()).toList());
  }

  @Test
  void aCommitMovesTheStagedFilesAndListsThemInItsMarker() throws IOException {
    useViewfs("lake", null);
    write("viewfs://lake/data/_staging/r1/raw/api/page-1.json", "[1]");
    write("viewfs://lake/data/_staging/r1/raw/api/more/page-2.json", "[2]");

    CommitInfo info = TableCommit.commit("viewfs://lake/data/_staging/r1/raw/api/", "viewfs://lake/data/raw/api/",
        "r1", 2, null, null);

    assertEquals(List.of("more/page-2.json", "page-1.json"), info.files());
    assertEquals(List.of("_SUCCESS", "more/page-2.json", "page-1.json"), onDisk("raw/api"));
    assertEquals(List.of(), onDisk("_staging/r1/raw/api"));
  }

  @Test
  void noMarkerIsWrittenWhenTheMovedFilesAreNotThere() throws IOException {
    useViewfs("lossy", LossyViewFileSystem.class);
    write("viewfs://lossy/data/_staging/r1/raw/api/page-1.json", "[1]");
    write("viewfs://lossy/data/_staging/r1/raw/api/page-2.json", "[2]");

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> TableCommit.commit(
        "viewfs://lossy/data/_staging/r1/raw/api/", "viewfs://lossy/data/raw/api/", "r1", 2, null, null));

    assertEquals("refusing to mark viewfs://lossy/data/raw/api/ committed: 2 of 2 moved files are not there "
        + "(viewfs://lossy/data/raw/api/page-1.json, …); no _SUCCESS was written", e.getMessage());
    assertFalse(Files.exists(dir.resolve("raw/api/_SUCCESS")));
    MatchResult marker = FileSystems.match("viewfs://lossy/data/raw/api/_SUCCESS");
    assertEquals(MatchResult.Status.NOT_FOUND, marker.status());
  }
}
