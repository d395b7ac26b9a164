package org.beamlake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.beamlake.lake.Lake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLogTest {
  /** Log4j configured before the test points the property at its temporary file, so it never writes there. */
  private static final org.apache.logging.log4j.Logger LOG = org.apache.logging.log4j.LogManager.getLogger(RunLogTest.class);

  @TempDir Path tmp;

  @Test
  void theRunFolderGetsWhatWasPrintedThenTheFullLog() throws Exception {
    Path logFile = tmp.resolve("process.log");
    Files.writeString(logFile, "12:00:00.000 INFO  [main] org.apache.beam.Some: planning\n");
    String before = System.getProperty(RunLog.FILE_PROPERTY);
    System.setProperty(RunLog.FILE_PROPERTY, logFile.toString());
    try {
      ByteArrayOutputStream console = new ByteArrayOutputStream();
      RunLog log = new RunLog(new PrintStream(console, true, StandardCharsets.UTF_8));
      log.out().println("▶ etl");
      log.note("error: boom");
      Lake lake = Lake.at(tmp.resolve("lake").toString());
      String saved = log.save(lake, "r1", "etl");
      assertEquals(lake.runs() + "r1/etl.log", saved);
      assertEquals("▶ etl\n", console.toString(StandardCharsets.UTF_8));
      assertEquals("▶ etl\nerror: boom\n\n--- log (process.log) ---\n"
          + "12:00:00.000 INFO  [main] org.apache.beam.Some: planning\n", Files.readString(Path.of(saved)));

      RunLog quiet = new RunLog(null);
      quiet.out().println("not on the console");
      assertEquals("not on the console\n\n--- log (process.log) ---\n12:00:00.000 INFO  [main] org.apache.beam.Some: "
          + "planning\n", Files.readString(Path.of(quiet.save(lake, "r1", "all"))));
    } finally {
      if (before == null) {
        System.clearProperty(RunLog.FILE_PROPERTY);
      } else {
        System.setProperty(RunLog.FILE_PROPERTY, before);
      }
    }
  }
}
