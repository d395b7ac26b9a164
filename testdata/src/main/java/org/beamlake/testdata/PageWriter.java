package org.beamlake.testdata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes records as the pages {@code GET /data360/data?DATABASE_ID=..&INDICATOR=..&skip=N} returns:
 * {@code {"count": <records of the indicator>, "value": [...]}}, one compact record per line so a
 * diff of the committed sample stays readable.
 */
final class PageWriter {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private PageWriter() {}

  /**
   * The file name of the page starting at record {@code skip}, e.g. {@code
   * WB_WDI__WB_WDI_SP_DYN_LE00_IN__skip001000.json}.
   */
  static String fileName(Indicator indicator, int skip) {
    return String.format(
        Locale.ROOT, "%s__%s__skip%06d.json", indicator.databaseId(), indicator.indicatorId(), skip);
  }

  /** Deletes the {@code .json} files of {@code pagesDir}, so no page of an earlier run remains. */
  static void clear(Path pagesDir) throws IOException {
    if (!Files.isDirectory(pagesDir)) {
      return;
    }
    try (DirectoryStream<Path> pages = Files.newDirectoryStream(pagesDir, "*.json")) {
      for (Path page : pages) {
        Files.delete(page);
      }
    }
  }

  /** Writes the pages of one indicator and returns how many. */
  static int write(Path pagesDir, Indicator indicator, List<ObjectNode> records, int pageSize)
      throws IOException {
    Files.createDirectories(pagesDir);
    int pages = 0;
    for (int skip = 0; skip < records.size(); skip += pageSize) {
      List<ObjectNode> page = records.subList(skip, Math.min(records.size(), skip + pageSize));
      Path file = pagesDir.resolve(fileName(indicator, skip));
      Files.write(file, render(records.size(), page).getBytes(StandardCharsets.UTF_8));
      pages++;
    }
    return pages;
  }

  private static String render(int count, List<ObjectNode> page) throws JsonProcessingException {
    StringBuilder json = new StringBuilder();
    json.append("{\"count\":").append(count).append(",\"value\":[\n");
    for (int i = 0; i < page.size(); i++) {
      json.append(MAPPER.writeValueAsString(page.get(i)));
      json.append(i + 1 < page.size() ? ",\n" : "\n");
    }
    return json.append("]}\n").toString();
  }
}
