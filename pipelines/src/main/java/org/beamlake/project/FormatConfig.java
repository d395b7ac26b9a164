package org.beamlake.project;

import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/** How a dataset's raw files are parsed. */
public record FormatConfig(
    Kind kind,
    @Nullable String recordsAt,
    char delimiter,
    char quote,
    boolean header,
    Charset charset,
    List<String> nullValues,
    boolean rejectUnknownFields,
    Map<String, String> fieldPaths,
    @Nullable String columnsAt) {

  /** Without column arrays. */
  public FormatConfig(Kind kind, @Nullable String recordsAt, char delimiter, char quote, boolean header,
      Charset charset, List<String> nullValues, boolean rejectUnknownFields, Map<String, String> fieldPaths) {
    this(kind, recordsAt, delimiter, quote, header, charset, nullValues, rejectUnknownFields, fieldPaths, null);
  }


  /** The file formats a dataset can be parsed from. */
  public enum Kind {
    CSV,
    JSON,
    JSONL
  }
}
