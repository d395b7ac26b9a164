package org.beamlake.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bundle's files: a new one past the byte or element count, each name handed back once, when complete. */
class BundleFilesTest {
  @TempDir Path tmp;

  /** Each element a line of text, written straight to the file (so its bytes are counted as written). */
  static final class Lines implements BundleFiles.Format<String> {
    @Override
    public BundleFiles.Writer<String> open(WritableByteChannel channel) {
      return new BundleFiles.Writer<>() {
        private long bytes;

        @Override
        public void write(String element) throws IOException {
          bytes += channel.write(ByteBuffer.wrap((element + "\n").getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public long bytes() {
          return bytes;
        }

        @Override
        public void close() throws IOException {
          channel.close();
        }
      };
    }
  }

  @BeforeAll
  static void fileSystems() {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
  }

  @Test
  void aFileIsNamedOnceItIsCompleteAndANewOneStartsPastTheByteCount() throws IOException {
    BundleFiles<String> files = new BundleFiles<>(tmp.resolve("rows-").toString(), ".txt", 10, new Lines());
    List<String> names = new ArrayList<>();
    for (String element : List.of("aaaa", "bbbb", "cccc", "dddd", "eeee")) { // 5 bytes each with the line break
      String done = files.write(element);
      if (done != null) {
        names.add(done);
      }
    }
    assertEquals(2, names.size()); // at 10 bytes: after the second and the fourth element
    String last = files.finish();
    names.add(last);
    assertNull(files.finish()); // nothing open any more

    List<String> contents = new ArrayList<>();
    for (String name : names) {
      assertTrue(name.startsWith(tmp.resolve("rows-").toString()) && name.endsWith(".txt"), name);
      contents.add(Files.readString(Path.of(name)));
    }
    assertEquals(List.of("aaaa\nbbbb\n", "cccc\ndddd\n", "eeee\n"), contents);
    assertEquals(3, count(tmp));
  }

  @Test
  void aNewFileStartsPastTheElementCountOrTheByteCountWhicheverComesFirst() throws IOException {
    // Two elements a file, or 10 bytes: "a" and "b" (4 bytes) close at two elements, "cccccccccc" at
    // 11 bytes alone, "d" and "e" at two elements again, and "f" is the last file's.
    BundleFiles<String> files = new BundleFiles<>(tmp.resolve("rows-").toString(), ".txt", 10, 2, new Lines());
    List<String> names = new ArrayList<>();
    for (String element : List.of("a", "b", "cccccccccc", "d", "e", "f")) {
      String done = files.write(element);
      if (done != null) {
        names.add(done);
      }
    }
    names.add(files.finish());
    List<String> contents = new ArrayList<>();
    for (String name : names) {
      contents.add(Files.readString(Path.of(name)));
    }
    assertEquals(List.of("a\nb\n", "cccccccccc\n", "d\ne\n", "f\n"), contents);
  }

  @Test
  void aBundleWithoutElementsWritesNoFile() throws IOException {
    BundleFiles<String> files = new BundleFiles<>(tmp.resolve("rows-").toString(), ".txt", 10, new Lines());
    assertNull(files.finish());
    assertEquals(0, count(tmp));
  }

  @Test
  void anAbandonedFileIsNeverNamed() throws IOException {
    BundleFiles<String> files = new BundleFiles<>(tmp.resolve("rows-").toString(), ".txt", 10, new Lines());
    assertNull(files.write("aaaa"));
    files.abandon(); // the bundle failed: its half-written file stays unnamed, so unlisted
    assertNull(files.finish());
    assertEquals(1, count(tmp));
  }

  @Test
  void aFileSizeOfNoBytesOrNoElementsIsRefused() {
    assertEquals("fileBytes must be > 0, got 0", assertThrows(IllegalArgumentException.class,
        () -> new BundleFiles<>(tmp.resolve("rows-").toString(), ".txt", 0, new Lines())).getMessage());
    assertEquals("fileElements must be > 0, got 0", assertThrows(IllegalArgumentException.class,
        () -> new BundleFiles<>(tmp.resolve("rows-").toString(), ".txt", 10, 0, new Lines())).getMessage());
  }

  private static long count(Path directory) throws IOException {
    try (Stream<Path> listed = Files.list(directory)) {
      return listed.count();
    }
  }
}
