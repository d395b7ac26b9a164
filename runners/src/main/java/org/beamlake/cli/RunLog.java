package org.beamlake.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.util.MimeTypes;
import org.beamlake.lake.Lake;

/**
 * The full log of one {@code run} command, kept under the run's folder in the lake:
 * {@code _runs/<run_id>/<stage>.log} holds what the command printed, then every log line of Beam,
 * Spark and beamlake at INFO and above (the console shows warnings and errors only, unless
 * {@code --verbose}). Stages run as separate commands (EMR steps) each keep their own file.
 *
 * <p>The log lines come from the file that {@code log4j2.properties} writes to the system property
 * {@value #FILE_PROPERTY}, which {@link Main#main} points at a fresh temporary file before anything
 * logs.
 */
final class RunLog {
  /** Where log4j writes this process's full log. */
  static final String FILE_PROPERTY = "beamlake.log.file";

  /** The console's log level: {@code warn}, or {@code info} with {@code --verbose}. */
  static final String CONSOLE_LEVEL_PROPERTY = "beamlake.console.level";

  private final ByteArrayOutputStream transcript = new ByteArrayOutputStream();
  private final PrintStream out;

  /** Progress goes to {@code console} (null: nowhere, for {@code --quiet}) and into the transcript. */
  RunLog(PrintStream console) {
    OutputStream both = new OutputStream() {
      @Override
      public void write(int b) {
        transcript.write(b);
        if (console != null) {
          console.write(b);
        }
      }

      @Override
      public void write(byte[] b, int off, int len) {
        transcript.write(b, off, len);
        if (console != null) {
          console.write(b, off, len);
        }
      }
    };
    this.out = new PrintStream(both, true, StandardCharsets.UTF_8);
  }

  /** Where the command prints its progress. */
  PrintStream out() {
    return out;
  }

  /** A line for the log only, not the console. */
  void note(String line) {
    out.flush();
    transcript.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** {@code _runs/<run_id>/<stage>.log}. */
  static String location(Lake lake, String runId, String stage) {
    return lake.runs() + Lake.name(runId) + "/" + Lake.name(stage) + ".log";
  }

  /** Writes the transcript and this process's log lines so far to the run's folder; returns where. */
  String save(Lake lake, String runId, String stage) {
    String file = location(lake, runId, stage);
    try (OutputStream target = Channels.newOutputStream(
        org.beamlake.lake.LakeFiles.replace(file, MimeTypes.TEXT))) {
      out.flush();
      target.write(transcript.toByteArray());
      String logFile = System.getProperty(FILE_PROPERTY);
      if (logFile != null && Files.isRegularFile(Path.of(logFile))) {
        target.write(("\n--- log (" + Path.of(logFile).getFileName() + ") ---\n").getBytes(StandardCharsets.UTF_8));
        Files.copy(Path.of(logFile), target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the run log " + file, e);
    }
    return file;
  }
}
