package org.beamlake.capture.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Sakila sample database as shipped beside the repository ({@code ../shared/datasets/sakila}
 * from the repository root, or {@code -Dbeamlake.sakila=DIR}): its SQL scripts and the COPY blocks
 * of its PostgreSQL data file.
 */
final class SakilaFiles {
  private SakilaFiles() {}

  /** One {@code COPY table (columns) FROM stdin} block: its header and its data lines, as in the file. */
  record CopyBlock(String table, List<String> columns, String header, List<String> lines) {}

  static Path dir() {
    String configured = System.getProperty("beamlake.sakila");
    if (configured != null) {
      return Path.of(configured);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir.getParent() != null; dir = dir.getParent()) {
      Path candidate = dir.getParent().resolve("shared/datasets/sakila");
      if (Files.isRegularFile(candidate.resolve("postgres-sakila-schema.sql"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("Sakila dataset not found: expected shared/datasets/sakila beside the repository"
        + " (or -Dbeamlake.sakila=DIR)");
  }

  static String read(String file) {
    try {
      return Files.readString(dir().resolve(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The COPY blocks of the PostgreSQL data file by table (without schema), and the statements between them. */
  static Map<String, CopyBlock> copyBlocks(List<String> otherStatements) {
    Map<String, CopyBlock> blocks = new LinkedHashMap<>();
    List<String> lines = read("postgres-sakila-insert-data-using-copy.sql").lines().toList();
    StringBuilder statement = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("COPY ")) {
        String table = line.substring(5, line.indexOf(' ', 5)).replace("public.", "");
        String columns = line.substring(line.indexOf('(') + 1, line.indexOf(')'));
        List<String> data = new ArrayList<>();
        for (i++; !lines.get(i).equals("\\."); i++) {
          data.add(lines.get(i));
        }
        blocks.put(table, new CopyBlock(table, List.of(columns.split(", ")), line, data));
      } else if (!line.startsWith("--") && !line.isBlank()) {
        statement.append(line).append('\n');
        if (line.strip().endsWith(";")) {
          otherStatements.add(statement.toString());
          statement.setLength(0);
        }
      }
    }
    return blocks;
  }

  /** The statements of a MySQL script, following its {@code DELIMITER} lines. */
  static List<String> mysqlStatements(String script) {
    List<String> statements = new ArrayList<>();
    String delimiter = ";";
    StringBuilder statement = new StringBuilder();
    for (String line : script.lines().toList()) {
      String trimmed = line.strip();
      if (trimmed.startsWith("DELIMITER ")) {
        delimiter = trimmed.substring("DELIMITER ".length()).strip();
      } else if (!trimmed.startsWith("--") && !trimmed.isEmpty()) {
        statement.append(line).append('\n');
        if (trimmed.endsWith(delimiter)) {
          String text = statement.toString().strip();
          statements.add(text.substring(0, text.length() - delimiter.length()));
          statement.setLength(0);
        }
      }
    }
    return statements;
  }

  /** A field of a COPY text line: null for {@code \N}, backslash escapes undone. */
  static String copyField(String field) {
    if (field.equals("\\N")) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 1 < field.length()) {
        char next = field.charAt(++i);
        out.append(next == 't' ? '\t' : next == 'n' ? '\n' : next == 'r' ? '\r' : next);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
